using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Vidgan.Models;

/// <summary>A 1×3×3 convolution (padding 1) of its input up-sampled 2× by nearest neighbour in height and width, and
/// in time when asked, computed from the input as it is. Each output pixel of the up-sampled grid sees 2×2 distinct
/// input pixels, so the 3×3 kernel folds into four 2×2 kernels, one per position within each 2×2 output block: a
/// quarter of the positions and 4 of 9 taps, four times the output channels, then one copy that interleaves the four
/// results. Convolving space before repeating frames in time is the same (the kernel does not reach across frames).
/// Equal to up-sampling then convolving, up to float rounding, forward and backward.</summary>
public sealed class UpsamplingConv : nn.Module<Tensor, Tensor>
{
    readonly Parameter weight;
    readonly Parameter? bias;
    readonly bool upTime;

    /// <summary>Takes over <paramref name="layer"/>'s parameters (a Conv3d with a 1×3×3 kernel, padding (0, 1, 1),
    /// stride 1) under the same names, so initialisation, seeds and checkpoints are the layer's.</summary>
    public UpsamplingConv(Conv3d layer, bool upTime)
        : base(layer.GetName())
    {
        var k = layer.weight!.shape;
        bool plain = layer.stride.All(s => s == 1) && layer.dilation.All(d => d == 1) && layer.groups == 1;
        if (k[2] != 1 || k[3] != 3 || k[4] != 3 || !plain || layer.padding is not [0, 1, 1])
            throw new ArgumentException("expects a 1×3×3 convolution with padding (0, 1, 1)", nameof(layer));
        weight = layer.weight!;
        bias = layer.bias;
        this.upTime = upTime;
        register_parameter("weight", weight);
        if (bias is not null)
            register_parameter("bias", bias);
    }

    public Tensor Weight => weight;

    /// <summary>How many times each frame is repeated: 2 when time is up-sampled too, else 1.</summary>
    public int FrameRepeats => upTime ? 2 : 1;

    public override Tensor forward(Tensor x) => Run(x, weight, bias, upTime);

    /// <summary>Up-samples <paramref name="x"/> (N, C, T, H, W) 2× in H and W (and T when <paramref name="upTime"/>),
    /// then convolves it with <paramref name="weight"/> (O, C, 1, 3, 3) and <paramref name="bias"/>.</summary>
    static Tensor Run(Tensor x, Tensor weight, Tensor? bias, bool upTime)
    {
        long outChannels = weight.shape[0];
        var kernels = DerivedWeights.Get(weight, nameof(PhaseKernels), () => PhaseKernels(weight));
        var biases = bias?.repeat(4);
        // (N, 4·O, T, H + 1, W + 1): output k along an axis reads input pixels k − 1 and k.
        var phases = ChannelsLastConv.Run(
            x,
            kernels,
            biases,
            (input, k, b) => nn.functional.conv3d(input, k, b, padding: new long[] { 0, 1, 1 })
        );
        return Interleave(phases, outChannels, upTime);
    }

    /// <summary>Which input row (of the two an output phase reads) each of the three kernel rows lands on: phase 0
    /// (even output rows) reads rows i − 1 and i, the second and third kernel rows both on row i; phase 1 reads rows i
    /// and i + 1, the first two kernel rows on row i.</summary>
    static readonly float[] TapFolds = [1, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 1];

    /// <summary>(4·O, C, 1, 2, 2): the kernel of output phase (a, b) in the block of channels 2a + b.</summary>
    static Tensor PhaseKernels(Tensor weight)
    {
        using var scope = NewDisposeScope();
        long o = weight.shape[0],
            c = weight.shape[1];
        // At least float32: in bf16 each sum of two taps would be rounded once more than the convolution rounds.
        var type = weight.dtype == ScalarType.Float64 ? ScalarType.Float64 : ScalarType.Float32;
        var folds = tensor(TapFolds, new long[] { 2, 2, 3 }, type, weight.device);
        var kernels = einsum("apu,bqv,oiuv->aboipq", folds, folds, weight.squeeze(2).to(type));
        return kernels.reshape(4 * o, c, 1, 2, 2).to(weight.dtype).MoveToOuterDisposeScope();
    }

    /// <summary>(N, O, T·t, 2H, 2W) laid out channels-last from the four phases, each frame repeated t times.</summary>
    static Tensor Interleave(Tensor phases, long outChannels, bool upTime)
    {
        long n = phases.shape[0],
            t = phases.shape[2],
            h = phases.shape[3] - 1,
            w = phases.shape[4] - 1;
        int repeats = upTime ? 2 : 1;
        using var scope = NewDisposeScope();
        var byPixel = phases.permute(0, 2, 3, 4, 1);
        var result = empty(new[] { n, t, repeats, h, 2, w, 2, outChannels }, phases.dtype, phases.device);
        for (int a = 0; a < 2; a++)
        for (int b = 0; b < 2; b++)
        {
            var phase = byPixel
                .narrow(2, a, h)
                .narrow(3, b, w)
                .narrow(4, (2 * a + b) * outChannels, outChannels)
                .unsqueeze(2)
                .expand(n, t, repeats, h, w, outChannels);
            result.select(6, b).select(4, a).copy_(phase);
        }
        return result.view(n, t * repeats, 2 * h, 2 * w, outChannels).permute(0, 4, 1, 2, 3).MoveToOuterDisposeScope();
    }
}
