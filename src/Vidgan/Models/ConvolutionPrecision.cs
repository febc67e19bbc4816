using static TorchSharp.torch;

namespace Vidgan.Models;

/// <summary>Where a bfloat16 convolution must run in float32 instead. libtorch 2.10's CPU bf16 kernel for a
/// convolution's weight gradient reads and writes outside its buffers when the kernel is larger than the input along
/// an axis (a 3×1×1 temporal convolution over a 2-frame feature map, say): the gradient comes out wrong or non-finite,
/// and along a spatial axis the heap is corrupted. Float32 is exact there, and such layers are tiny.</summary>
public static class ConvolutionPrecision
{
    /// <summary>True when <paramref name="weight"/> (out, in, k…) is larger than <paramref name="input"/> (N, C, d…)
    /// along any convolved axis.</summary>
    public static bool KernelExceedsInput(Tensor input, Tensor weight)
    {
        for (int axis = 2; axis < weight.dim(); axis++)
            if (weight.shape[axis] > input.shape[axis])
                return true;
        return false;
    }

    /// <summary>Runs <paramref name="convolve"/> as it is, or in float32 (result cast back) where bf16 is
    /// unsafe.</summary>
    public static Tensor Run(Tensor input, Tensor weight, Tensor? bias, Func<Tensor, Tensor, Tensor?, Tensor> convolve)
    {
        if (input.dtype != ScalarType.BFloat16 || !KernelExceedsInput(input, weight))
            return convolve(input, weight, bias);
        var f32 = ScalarType.Float32;
        return convolve(input.to(f32), weight.to(f32), bias?.to(f32)).to(input.dtype);
    }
}
