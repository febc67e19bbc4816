using static TorchSharp.torch;

namespace Vidgan.Models;

/// <summary>A bf16 3D convolution whose kernel is longer than its input in time (a 3-frame kernel over the 2 frames
/// left deep in a video discriminator) run as a 2D convolution over the frames stacked into channels: output frame t
/// of output channel o is channel t·O + o, its kernel holds the 3D kernel's tap for each input frame it meets (zeros
/// for the frames it does not). libtorch must not run such a kernel in bf16 (<see cref="ConvolutionPrecision"/> falls
/// back to float32 for it); the folded one fits its input, skips the padding's products, and its folded weight is
/// made once inside a <see cref="DerivedWeights"/> scope. The same numbers up to rounding, forward and backward.
/// </summary>
public static class TimeFoldedConv
{
    /// <summary>True for a plain bf16 3D convolution (ungrouped, unit dilation) of channels-last or other input
    /// whose kernel exceeds <paramref name="x"/> in time and nowhere else.</summary>
    public static bool Helps(Tensor x, Tensor weight, long groups) =>
        x.dtype == ScalarType.BFloat16
        && x.dim() == 5
        && weight.dim() == 5
        && groups == 1
        && weight.shape[2] > x.shape[2]
        && weight.shape[3] <= x.shape[3]
        && weight.shape[4] <= x.shape[4];

    /// <summary>conv3d(<paramref name="x"/>, <paramref name="weight"/>, <paramref name="bias"/>, stride, padding),
    /// channels-last.</summary>
    /// <param name="key">The parameter <paramref name="weight"/> is made from, for <see cref="DerivedWeights"/> to
    /// fold it once; null where the weight changes from call to call.</param>
    public static Tensor Run(Tensor x, Tensor weight, Tensor? bias, long[] stride, long[] padding, Tensor? key)
    {
        long n = x.shape[0],
            channels = x.shape[1],
            frames = x.shape[2];
        long st = At(stride, 0),
            pt = At(padding, 0);
        long outFrames = (frames + 2 * pt - weight.shape[2]) / st + 1;
        long outputs = weight.shape[0];
        var folded = key is null
            ? Fold(weight, frames, st, pt)
            : DerivedWeights.Get(key, $"{nameof(TimeFoldedConv)}:{frames}", () => Fold(weight, frames, st, pt));
        // Channels-last (N, C, T, H, W) is stored N, T, H, W, C; the folded channels (t, c) need N, H, W, T, C.
        var stacked = x.permute(0, 3, 4, 2, 1)
            .reshape(n, x.shape[3], x.shape[4], frames * channels)
            .permute(0, 3, 1, 2);
        var y = nn.functional.conv2d(
            stacked,
            folded,
            bias?.repeat(outFrames),
            new[] { At(stride, 1), At(stride, 2) },
            new[] { At(padding, 1), At(padding, 2) }
        );
        long h = y.shape[2],
            w = y.shape[3];
        // (N, T'·O, H', W') channels-last is stored N, H', W', T', O: reordered to N, T', H', W', O, channels-last 3D.
        return y.permute(0, 2, 3, 1)
            .reshape(n, h, w, outFrames, outputs)
            .permute(0, 3, 1, 2, 4)
            .contiguous()
            .permute(0, 4, 1, 2, 3);
    }

    /// <summary>The (T'·O, T·C, kh, kw) kernel: block (t', t) is the 3D kernel's tap t − stride·t' + padding, or
    /// zeros where that tap does not exist.</summary>
    static Tensor Fold(Tensor weight, long frames, long stride, long padding)
    {
        long taps = weight.shape[2];
        long outFrames = (frames + 2 * padding - taps) / stride + 1;
        var zero = zeros_like(weight.select(2, 0));
        var rows = new Tensor[outFrames];
        for (long to = 0; to < outFrames; to++)
        {
            var blocks = new Tensor[frames];
            for (long t = 0; t < frames; t++)
            {
                long tap = t - stride * to + padding;
                blocks[t] = tap >= 0 && tap < taps ? weight.select(2, tap) : zero;
            }
            rows[to] = cat(blocks, 1);
        }
        return cat(rows, 0);
    }

    static long At(long[] values, int axis) => values.Length == 1 ? values[0] : values[axis];
}
