using static TorchSharp.torch;

namespace Vidgan.Models;

/// <summary>A 3D convolution with few output channels (a generator's RGB layer) computed as a 2D convolution over the
/// frames, whose outputs are one per channel and time tap, then a sum of the taps over time. oneDNN pads a
/// convolution's outputs to its vector width (16 channels with AVX-512), so three outputs cost as much as sixteen;
/// three colours times three time taps fill more of it. The same numbers up to rounding: the sum over taps is one
/// rounding more.</summary>
public static class FewOutputConv3d
{
    /// <summary>The most output channels for which the split pays.</summary>
    public const long MaxOutputs = 4;

    /// <summary>True for a plain (not transposed, ungrouped, stride 1, no dilation, explicit padding) 3D convolution
    /// with at most <see cref="MaxOutputs"/> outputs and a kernel more than one frame long.</summary>
    public static bool Fits(
        Tensor weight,
        long[] stride,
        long[] padding,
        long[] dilation,
        long groups,
        bool transposed
    ) =>
        weight.dim() == 5
        && padding.Length == 3
        && !transposed
        && groups == 1
        && weight.shape[0] <= MaxOutputs
        && weight.shape[2] > 1
        && stride.All(s => s == 1)
        && dilation.All(d => d == 1);

    /// <summary>conv3d(<paramref name="x"/>, <paramref name="weight"/>, <paramref name="bias"/>, padding) for
    /// channels-last <paramref name="x"/> (N, C, T, H, W); the result is channels-last too.</summary>
    public static Tensor Run(Tensor x, Tensor weight, Tensor? bias, long[] padding)
    {
        long n = x.shape[0],
            channels = x.shape[1],
            frames = x.shape[2];
        long outputs = weight.shape[0],
            taps = weight.shape[2];
        using var scope = NewDisposeScope();
        // Channels-last (N, C, T, H, W) is stored N, T, H, W, C: its frames are a channels-last (N·T, C, H, W) view.
        var byFrame = x.permute(0, 2, 1, 3, 4).reshape(n * frames, channels, x.shape[3], x.shape[4]);
        var frameKernels = weight
            .permute(2, 0, 1, 3, 4)
            .reshape(taps * outputs, channels, weight.shape[3], weight.shape[4]);
        var perTap = ConvolutionPrecision.Run(
            byFrame,
            frameKernels,
            null,
            (i, k, _) => nn.functional.conv2d(i, k, padding: new[] { padding[1], padding[2] })
        );
        var clips = perTap.view(n, frames, taps * outputs, perTap.shape[2], perTap.shape[3]).permute(0, 2, 1, 3, 4);
        // Channel tap·outputs + o of clips, shifted by the tap in time, adds into output o: a one-hot 3D kernel.
        var sum = einsum(
                "oi,td->otid",
                eye(outputs, dtype: x.dtype, device: x.device),
                eye(taps, dtype: x.dtype, device: x.device)
            )
            .reshape(outputs, taps * outputs, taps, 1, 1);
        return ConvolutionPrecision
            .Run(clips, sum, bias, (i, k, b) => nn.functional.conv3d(i, k, b, padding: new[] { padding[0], 0, 0 }))
            .MoveToOuterDisposeScope();
    }
}
