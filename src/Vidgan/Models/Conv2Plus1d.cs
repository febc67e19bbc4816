using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Vidgan.Models;

/// <summary>A (2+1)D convolution (Tran et al. 2018): a 1×3×3 spatial convolution followed by a 3×1×1 temporal one.
/// About half the cost of a full 3×3×3 convolution, with an extra nonlinearity-free factorisation that trains as
/// well.</summary>
public sealed class Conv2Plus1d : nn.Module<Tensor, Tensor>
{
    readonly Conv3d spatial,
        temporal;

    public Conv2Plus1d(long inChannels, long outChannels)
        : base(nameof(Conv2Plus1d))
    {
        spatial = nn.Conv3d(inChannels, outChannels, kernel_size: (1, 3, 3), padding: (0, 1, 1));
        temporal = nn.Conv3d(outChannels, outChannels, kernel_size: (3, 1, 1), padding: (1, 0, 0));
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        var h = spatial.call(x);
        if (h.dtype != ScalarType.BFloat16 || !ConvolutionPrecision.KernelExceedsInput(h, temporal.weight!))
            return temporal.call(h);
        return ConvolutionPrecision.Run(
            h,
            temporal.weight!,
            temporal.bias,
            (i, k, b) => nn.functional.conv3d(i, k, b, padding: new long[] { 1, 0, 0 })
        );
    }
}
