using static TorchSharp.torch;

namespace Vidgan.Models;

/// <summary>The residual discriminators' down-sampling block (SNGAN/BigGAN style, pre-activation): leaky ReLU →
/// strided 4×4 or 3×3 convolution (2D for frames; 3D for clips, halving time too when asked) → leaky ReLU → a 3×3
/// convolution at the lower resolution ((2+1)D for clips), plus average-pooled input through a 1×1 convolution.
/// Striding before the second convolution keeps it at about a quarter of the FLOPs of BigGAN's block, which convolves
/// twice at the input resolution. Every convolution is spectrally normalized when the model asks for it.</summary>
public sealed class ResidualDownBlock : nn.Module<Tensor, Tensor>
{
    readonly NormalizedLayer down,
        refine,
        skip;
    readonly NormalizedLayer? refineTime;
    readonly long[] pool;

    ResidualDownBlock(
        NormalizedLayer down,
        NormalizedLayer refine,
        NormalizedLayer? refineTime,
        NormalizedLayer skip,
        long[] pool
    )
        : base(nameof(ResidualDownBlock))
    {
        (this.down, this.refine, this.refineTime, this.skip, this.pool) = (down, refine, refineTime, skip, pool);
        RegisterComponents();
    }

    /// <summary>For frames (N, C, H, W): halves H and W.</summary>
    public static ResidualDownBlock Image(long inC, long outC, long kernel, bool spectral) =>
        new(
            NormalizedLayer.Conv2d(inC, outC, kernel, 2, 1, spectral),
            NormalizedLayer.Conv2d(outC, outC, 3, 1, 1, spectral),
            null,
            NormalizedLayer.Conv2d(inC, outC, 1, 1, 0, spectral),
            new long[] { 2, 2 }
        );

    /// <summary>For clips (B, C, T, H, W): halves H and W, and T when <paramref name="halveTime"/>.</summary>
    public static ResidualDownBlock Video(long inC, long outC, bool halveTime, long kernel, bool spectral) =>
        new(
            NormalizedLayer.Conv3d(
                inC,
                outC,
                (halveTime ? kernel : 3, kernel),
                (halveTime ? 2 : 1, 2),
                (1, 1),
                spectral
            ),
            NormalizedLayer.Conv3d(outC, outC, (1, 3), (1, 1), (0, 1), spectral),
            NormalizedLayer.Conv3d(outC, outC, (3, 1), (1, 1), (1, 0), spectral),
            NormalizedLayer.Conv3d(inC, outC, (1, 1), (1, 1), (0, 0), spectral),
            new long[] { halveTime ? 2 : 1, 2, 2 }
        );

    public override Tensor forward(Tensor x)
    {
        var h = down.call(ScalarSafe.ApplyLeakyRelu(x));
        h = refine.call(ScalarSafe.ApplyLeakyRelu(h));
        if (refineTime is not null)
            h = refineTime.call(h);
        return h + skip.call(AveragePool.Of(x, pool));
    }
}
