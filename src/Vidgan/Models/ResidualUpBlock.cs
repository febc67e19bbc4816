using static TorchSharp.torch;

namespace Vidgan.Models;

/// <summary>The generator's up-sampling residual block: norm → ReLU → nearest up-sample (space, and time when
/// asked) → (2+1)D conv → norm → ReLU → (2+1)D conv, plus an up-sampled 1×1×1 projection of the input (projected
/// before up-sampling: the two commute, and projecting first touches an eighth of the positions). The first
/// convolution is computed without drawing the up-sampled input (<see cref="UpsamplingConv"/>).
/// Norms are class-conditional when the model has classes.</summary>
public sealed class ResidualUpBlock : nn.Module<Tensor, Tensor?, Tensor>
{
    readonly ConditionalBatchNorm norm1,
        norm2;
    readonly Conv2Plus1d conv1,
        conv2;
    readonly ChannelsLastConv skip;
    readonly double[] scale;

    public ResidualUpBlock(long inChannels, long outChannels, bool upTime, int classes)
        : base(nameof(ResidualUpBlock))
    {
        scale = new[] { upTime ? 2.0 : 1.0, 2.0, 2.0 };
        norm1 = new ConditionalBatchNorm(inChannels, classes);
        conv1 = new Conv2Plus1d(inChannels, outChannels, upsample: true, upTime);
        norm2 = new ConditionalBatchNorm(outChannels, classes);
        conv2 = new Conv2Plus1d(outChannels, outChannels);
        skip = ChannelsLastConv.From(nn.Conv3d(inChannels, outChannels, kernel_size: 1));
        RegisterComponents();
    }

    Tensor Up(Tensor x) => nn.functional.interpolate(x, scale_factor: scale, mode: InterpolationMode.Nearest);

    public override Tensor forward(Tensor x, Tensor? classes)
    {
        var h = conv1.call(norm1.call(x, classes).relu_());
        h = conv2.call(norm2.call(h, classes).relu_());
        return h.add_(Up(skip.call(x)));
    }
}
