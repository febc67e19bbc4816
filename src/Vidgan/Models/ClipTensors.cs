using TorchSharp;
using Vidgan.Media;
using static TorchSharp.torch;

namespace Vidgan.Models;

/// <summary>Converts between byte clips (N, T, H, W, 3 in 0..255) and model tensors (N, 3, T, H, W in [-1,
/// 1]).</summary>
public static class ClipTensors
{
    static readonly Scalar HalfRange = 127.5.ToScalar(),
        Zero = 0.ToScalar(),
        Full = 255.ToScalar();

    /// <remarks>The bytes are reordered before they become floats, and the scaling happens in place: the other
    /// way round the copy is four times the size and each step walks a permuted layout.</remarks>
    public static Tensor FromBytes(Tensor bytesNthwc) =>
        bytesNthwc.permute(0, 4, 1, 2, 3).contiguous().to_type(ScalarType.Float32).div_(HalfRange).sub_(ScalarSafe.One);

    /// <summary>Per-channel median colour (N, 3) of each clip or frame (N, 3, …): the background of footage whose
    /// objects cover less than half of it.</summary>
    public static Tensor MedianColour(Tensor pixels)
    {
        var flat = pixels.reshape(pixels.shape[0], pixels.shape[1], -1);
        var (sorted, _) = flat.sort(2);
        return sorted.select(2, flat.shape[2] / 2);
    }

    public static Tensor FromClips(IReadOnlyList<Clip> clips)
    {
        var c = clips[0];
        var bytes = new byte[clips.Count * c.Rgb.Length];
        for (int i = 0; i < clips.Count; i++)
            Buffer.BlockCopy(clips[i].Rgb, 0, bytes, i * c.Rgb.Length, c.Rgb.Length);
        using var raw = torch.tensor(bytes, new long[] { clips.Count, c.Frames, c.Height, c.Width, 3 });
        return FromBytes(raw);
    }

    /// <summary>Elements of one float working copy (16 MB) where many clips are converted a few at a time: under the
    /// size from which the C allocator maps fresh pages for every copy, which costs more than the arithmetic.</summary>
    public const long ChunkElements = 4 << 20;

    public static Clip[] ToClips(Tensor clips, double fps)
    {
        long n = clips.shape[0];
        int t = (int)clips.shape[2],
            h = (int)clips.shape[3],
            w = (int)clips.shape[4];
        int per = t * h * w * 3;
        long step = Math.Max(1, ChunkElements / per);
        var result = new Clip[n];
        for (long start = 0; start < n; start += step)
        {
            using var scope = torch.NewDisposeScope();
            long size = Math.Min(step, n - start);
            var floats = clips.narrow(0, start, size).detach().to(ScalarType.Float32, CPU);
            var bytes = ScalarSafe
                .PlusOne(floats)
                .mul_(HalfRange)
                .round_()
                .clamp_(Zero, Full)
                .to_type(ScalarType.Byte)
                .permute(0, 2, 3, 4, 1)
                .contiguous();
            // The tensor's own memory: its accessor's ToArray walks it element by element, 10 ns a byte.
            var all = bytes.bytes;
            for (int i = 0; i < size; i++)
                result[start + i] = new Clip(all.Slice(i * per, per).ToArray(), t, h, w, fps);
        }
        return result;
    }
}
