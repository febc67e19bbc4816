using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Vidgan.Models;

/// <summary>Spectral normalization (Miyato et al. 2018): divides a weight by an estimate of its largest
/// singular value, kept up to date by one power iteration per training forward pass. TorchSharp has no
/// built-in version, so layers call this on their weight.</summary>
public static class SpectralNorm
{
    /// <param name="u">Persistent left singular vector estimate (out_features), updated in place when <paramref
    /// name="update"/>.</param> <remarks>The power iteration and σ run in float32 whatever the weight's type: in
    /// bfloat16 the matrix-vector products lose the estimate, and a bf16 σ near zero turns the whole layer
    /// non-finite.</remarks>
    public static Tensor Normalize(Tensor weight, Tensor u, bool update, int iterations = 1)
    {
        var matrix = weight.view(weight.shape[0], -1).to(ScalarType.Float32);
        Tensor v,
            uNow;
        using (torch.no_grad())
        {
            uNow = u.to(ScalarType.Float32, copy: true);
            if (update)
            {
                for (int i = 0; i < iterations; i++)
                {
                    v = nn.functional.normalize(matrix.t().mv(uNow), dim: 0, eps: 1e-12);
                    uNow = nn.functional.normalize(matrix.mv(v), dim: 0, eps: 1e-12);
                }
                u.copy_(uNow);
            }
            // uNow is a snapshot: the layer may run again (and update u) before this pass's backward.
            v = nn.functional.normalize(matrix.t().mv(uNow), dim: 0, eps: 1e-12);
        }
        var sigma = uNow.dot(matrix.mv(v));
        return weight.dtype == ScalarType.Float32 ? weight / sigma : (matrix / sigma).to(weight.dtype).view_as(weight);
    }

    /// <summary>The current estimate of the largest singular value (for tests and diagnostics).</summary>
    public static double Sigma(Tensor weight, Tensor u)
    {
        using var _ = torch.no_grad();
        var matrix = weight.view(weight.shape[0], -1).to(ScalarType.Float32);
        var u32 = u.to(ScalarType.Float32);
        var v = nn.functional.normalize(matrix.t().mv(u32), dim: 0, eps: 1e-12);
        return u32.dot(matrix.mv(v)).item<float>();
    }
}

/// <summary>A 2D or 3D convolution, or a dense layer, whose weight is optionally spectrally normalized.</summary>
public sealed class NormalizedLayer : nn.Module<Tensor, Tensor>
{
    readonly Parameter weight;
    readonly Parameter? bias;
    readonly Tensor u;
    readonly long[] stride,
        padding;
    readonly int kind; // 0 linear, 2 conv2d, 3 conv3d
    readonly bool spectral;

    NormalizedLayer(int kind, long outFeatures, long[] weightShape, long[] stride, long[] padding, bool spectral)
        : base($"sn{kind}")
    {
        this.kind = kind;
        this.stride = stride;
        this.padding = padding;
        this.spectral = spectral;
        weight = new Parameter(torch.empty(weightShape));
        Init.Normal(weight, 0, 0.02);
        bias = new Parameter(torch.zeros(outFeatures));
        u = nn.functional.normalize(torch.randn(outFeatures), dim: 0);
        register_parameter("weight", weight);
        register_parameter("bias", bias);
        register_buffer("u", u);
    }

    public static NormalizedLayer Linear(long inFeatures, long outFeatures, bool spectral) =>
        new(0, outFeatures, new[] { outFeatures, inFeatures }, Array.Empty<long>(), Array.Empty<long>(), spectral);

    public static NormalizedLayer Conv2d(long inC, long outC, long kernel, long stride, long padding, bool spectral) =>
        new(
            2,
            outC,
            new[] { outC, inC, kernel, kernel },
            new[] { stride, stride },
            new[] { padding, padding },
            spectral
        );

    public static NormalizedLayer Conv3d(
        long inC,
        long outC,
        (long T, long S) kernel,
        (long T, long S) stride,
        (long T, long S) padding,
        bool spectral
    ) =>
        new(
            3,
            outC,
            new[] { outC, inC, kernel.T, kernel.S, kernel.S },
            new[] { stride.T, stride.S, stride.S },
            new[] { padding.T, padding.S, padding.S },
            spectral
        );

    public Tensor Weight => weight;
    public Tensor U => u;

    public override Tensor forward(Tensor x)
    {
        var w =
            !spectral ? weight
            : training ? SpectralNorm.Normalize(weight, u, update: true)
            : DerivedWeights.Get(weight, nameof(SpectralNorm), () => SpectralNorm.Normalize(weight, u, update: false));
        if (kind == 0)
            return nn.functional.linear(x, w, bias);
        return ChannelsLastConv.RunPlain(
            x,
            w,
            bias,
            stride,
            padding,
            groups: 1,
            (i, k, b, pad) =>
                kind == 2 ? nn.functional.conv2d(i, k, b, stride, pad) : nn.functional.conv3d(i, k, b, stride, pad),
            key: spectral && training ? null : weight
        );
    }
}
