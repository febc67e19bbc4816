using static TorchSharp.torch;

namespace Vidgan.Models;

/// <summary>A (2+1)D convolution (Tran et al. 2018): a 1×3×3 spatial convolution followed by a 3×1×1 temporal one.
/// About half the cost of a full 3×3×3 convolution, with an extra nonlinearity-free factorisation that trains as
/// well.</summary>
public sealed class Conv2Plus1d : nn.Module<Tensor, Tensor>
{
    readonly nn.Module<Tensor, Tensor> spatial;
    readonly ChannelsLastConv temporal;

    /// <param name="upsample">Whether the input is first up-sampled 2× in height and width by nearest neighbour (and
    /// in time too with <paramref name="upTime"/>); the spatial convolution then runs on the input as it is
    /// (<see cref="UpsamplingConv"/>).</param>
    public Conv2Plus1d(long inChannels, long outChannels, bool upsample = false, bool upTime = false)
        : base(nameof(Conv2Plus1d))
    {
        var spatialLayer = nn.Conv3d(inChannels, outChannels, kernel_size: (1, 3, 3), padding: (0, 1, 1));
        spatial = upsample ? new UpsamplingConv(spatialLayer, upTime) : ChannelsLastConv.From(spatialLayer);
        temporal = ChannelsLastConv.From(
            nn.Conv3d(outChannels, outChannels, kernel_size: (3, 1, 1), padding: (1, 0, 0))
        );
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) => temporal.call(spatial.call(x));
}
