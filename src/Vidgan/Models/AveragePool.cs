using static TorchSharp.torch;

namespace Vidgan.Models;

/// <summary>Average pooling over (H, W) or (T, H, W) windows in any floating-point type: libtorch's CPU avg_pool3d
/// has no bfloat16 kernel, so bf16 input pools in float32 (2D too: the mean of a window is a reduction, which bf16
/// rounds badly) and comes back in its own type.</summary>
public static class AveragePool
{
    public static Tensor Of(Tensor x, long[] window)
    {
        var x32 = x.dtype == ScalarType.Float32 ? x : x.to(ScalarType.Float32);
        var pooled = window.Length == 2 ? nn.functional.avg_pool2d(x32, window) : nn.functional.avg_pool3d(x32, window);
        return pooled.to(x.dtype);
    }
}
