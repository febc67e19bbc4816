using static TorchSharp.torch;

namespace Vidgan.Models;

/// <summary>A convolution over a short axis has kernel taps that only ever meet the zero padding: a 3×1×1 temporal
/// kernel over a single frame (the layered generator's sprite) uses its middle tap alone. Dropping them gives the
/// same output and the same gradients for the taps that remain (the dropped ones' are zero either way), with less
/// work, and a kernel that no longer exceeds its input, so that bf16 runs need not fall back to float32 for it
/// (<see cref="ConvolutionPrecision"/>).</summary>
public static class PaddingOnlyTaps
{
    /// <summary>The kernel without the taps that meet only padding, and the padding that keeps every output where it
    /// was; <paramref name="weight"/> and <paramref name="padding"/> as they are where no tap can be dropped that
    /// way. For plain convolutions with unit dilation: weight (out, in / groups, k…) over input (N, C, d…); stride
    /// and padding hold one value per convolved axis, or one for all.</summary>
    public static (Tensor Weight, long[] Padding) Trim(long[] inputShape, Tensor weight, long[] stride, long[] padding)
    {
        int axes = (int)weight.dim() - 2;
        var trimmed = weight;
        var newPadding = new long[axes];
        for (int j = 0; j < axes; j++)
        {
            long p = padding.Length == 1 ? padding[0] : padding[j];
            newPadding[j] = p;
            var taps = UsedTaps(inputShape[j + 2], weight.shape[j + 2], stride.Length == 1 ? stride[0] : stride[j], p);
            if (taps is not var (first, count) || count == weight.shape[j + 2])
                continue;
            trimmed = trimmed.narrow(j + 2, first, count);
            newPadding[j] = p - first;
        }
        return ReferenceEquals(trimmed, weight) ? (weight, padding) : (trimmed, newPadding);
    }

    /// <summary>The contiguous run of taps (first, count) that meet input somewhere along one axis, when the
    /// padding reduced by the taps dropped before them (the same on both sides) leaves as many outputs; null
    /// otherwise.</summary>
    static (long First, long Count)? UsedTaps(long size, long kernel, long stride, long padding)
    {
        long outputs = (size + 2 * padding - kernel) / stride + 1;
        if (outputs < 1)
            return null;
        long first = -1,
            last = -1;
        for (long k = 0; k < kernel; k++)
        {
            bool used = false;
            for (long o = 0; o < outputs && !used; o++)
                used = stride * o - padding + k is var at && at >= 0 && at < size;
            if (!used)
                continue;
            if (first >= 0 && last != k - 1)
                return null;
            if (first < 0)
                first = k;
            last = k;
        }
        long count = last - first + 1;
        long newPadding = padding - first;
        bool sameOutputs = newPadding >= 0 && (size + 2 * newPadding - count) / stride + 1 == outputs;
        return first >= 0 && sameOutputs ? (first, count) : null;
    }
}
