using TorchSharp;
using static TorchSharp.torch;

namespace Vidgan.Models;

/// <summary>A fixed [1, 2, 1] ⊗ [1, 2, 1] / 16 low-pass filter per channel, edges repeated. Placed after a stride-2
/// transposed convolution it removes the two-pixel checkerboard such layers draw (the filter passes nothing at that
/// frequency), as StyleGAN filters its up-sampling. It has no weights, so checkpoints do not change.</summary>
public sealed class Blur2d : nn.Module<Tensor, Tensor>
{
    readonly long channels;

    public Blur2d(long channels)
        : base(nameof(Blur2d))
    {
        this.channels = channels;
        var taps = torch.tensor(new float[] { 1, 2, 1 });
        var kernel = torch.outer(taps, taps).div(16).expand(channels, 1, 3, 3).contiguous();
        register_buffer("kernel", kernel, persistent: false);
    }

    public override Tensor forward(Tensor x)
    {
        var kernel = get_buffer("kernel")!.to(x.dtype);
        var padded = ChannelsLast.Of(nn.functional.pad(x, [1, 1, 1, 1], PaddingModes.Replicate));
        return nn.functional.conv2d(padded, kernel, groups: channels);
    }
}
