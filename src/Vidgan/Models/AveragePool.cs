using static TorchSharp.torch;

namespace Vidgan.Models;

/// <summary>Average pooling over (H, W) or (T, H, W) windows in any floating-point type: libtorch's CPU avg_pool3d
/// has no bfloat16 kernel, so bf16 input pools in float32 (2D too: the mean of a window is a reduction, which bf16
/// rounds badly) and comes back in its own type. Without gradients (sampling, scoring) bf16 pools as a per-channel
/// convolution whose kernel holds 1 / window size instead: oneDNN sums in float32 and rounds once, as the float32
/// copy does, 10–40× quicker on channels-last activations. Not with gradients: libtorch 2.10's bf16 input gradient
/// of that convolution leaves every other element zero (AMD Zen 5; AveragePoolTests).</summary>
public static class AveragePool
{
    public static Tensor Of(Tensor x, long[] window)
    {
        if (x.dtype == ScalarType.BFloat16 && !is_grad_enabled())
            return ByConvolution(x, window);
        var x32 = x.dtype == ScalarType.Float32 ? x : x.to(ScalarType.Float32);
        var pooled = window.Length == 2 ? nn.functional.avg_pool2d(x32, window) : nn.functional.avg_pool3d(x32, window);
        return pooled.to(x.dtype);
    }

    static Tensor ByConvolution(Tensor x, long[] window)
    {
        long channels = x.shape[1];
        using var mean = full(
            [channels, 1, .. window],
            1.0 / window.Aggregate(1L, (a, b) => a * b),
            dtype: x.dtype,
            device: x.device
        );
        long[] noPadding = new long[window.Length],
            unit = Enumerable.Repeat(1L, window.Length).ToArray();
        // Channels-last input: oneDNN's kernels for the other layout are wrong on Zen 5 for some channel counts.
        var input = ChannelsLast.Of(x);
        return window.Length == 2
            ? nn.functional.conv2d(input, mean, null, window, noPadding, unit, channels)
            : nn.functional.conv3d(input, mean, null, window, noPadding, unit, channels);
    }
}
