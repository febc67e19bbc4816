using static TorchSharp.torch;

namespace Vidgan.Models;

/// <summary>A (2+1)D convolution (Tran et al. 2018): a 1×3×3 spatial convolution followed by a 3×1×1 temporal one.
/// About half the cost of a full 3×3×3 convolution, with an extra nonlinearity-free factorisation that trains as
/// well.</summary>
public sealed class Conv2Plus1d : nn.Module<Tensor, Tensor>
{
    readonly ChannelsLastConv spatial,
        temporal;

    public Conv2Plus1d(long inChannels, long outChannels)
        : base(nameof(Conv2Plus1d))
    {
        spatial = ChannelsLastConv.From(nn.Conv3d(inChannels, outChannels, kernel_size: (1, 3, 3), padding: (0, 1, 1)));
        temporal = ChannelsLastConv.From(
            nn.Conv3d(outChannels, outChannels, kernel_size: (3, 1, 1), padding: (1, 0, 0))
        );
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) => temporal.call(spatial.call(x));
}
