using System.Runtime.InteropServices;
using TorchSharp;
using Vidgan.Media;
using static TorchSharp.torch;

namespace Vidgan.Models;

/// <summary>Converts between byte clips (N, T, H, W, 3 in 0..255) and model tensors (N, 3, T, H, W in [-1,
/// 1]).</summary>
public static class ClipTensors
{
    static readonly Scalar HalfRange = 127.5.ToScalar();

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

    /// <summary>Byte clips (N, T, H, W, 3) from model tensors (N, 3, T, H, W) in [-1, 1] of float32 or bf16: each
    /// value becomes round((v + 1) × 127.5), half to even, clamped to 0..255.</summary>
    /// <remarks>One pass over each clip's memory, both cores at once, sixteen pixels at a time
    /// (<see cref="PlanarRgb"/>), writing the bytes in their final order, where tensor operations took a float32 copy,
    /// four element-wise passes and a permuted copy (bench/results/generation-64-zen5-streamed.md).</remarks>
    public static Clip[] ToClips(Tensor clips, double fps)
    {
        long n = clips.shape[0];
        int t = (int)clips.shape[2],
            h = (int)clips.shape[3],
            w = (int)clips.shape[4];
        using var scope = torch.NewDisposeScope();
        var source = clips.detach().to(CPU);
        if (source.dtype != ScalarType.BFloat16)
            source = source.to_type(ScalarType.Float32);
        source = source.contiguous();
        var result = new Clip[n];
        Parallel.For(
            0,
            n,
            i =>
            {
                using var clip = source.select(0, i);
                // Every byte is written below: a cleared array would cost one more pass.
                var rgb = GC.AllocateUninitializedArray<byte>(t * h * w * 3);
                if (clip.dtype == ScalarType.BFloat16)
                    PlanarRgb.ToBytes(MemoryMarshal.Cast<byte, ushort>(clip.bytes), rgb);
                else
                    PlanarRgb.ToBytes(MemoryMarshal.Cast<byte, float>(clip.bytes), rgb);
                result[i] = new Clip(rgb, t, h, w, fps);
            }
        );
        return result;
    }
}
