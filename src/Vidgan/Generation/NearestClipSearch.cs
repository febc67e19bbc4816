using System.Runtime.InteropServices;
using TorchSharp;
using Vidgan.Media;
using Vidgan.Models;
using Vidgan.Util;
using static TorchSharp.torch;

namespace Vidgan.Generation;

/// <summary>For each clip the mean absolute difference, on a 0..1 pixel scale, to the nearest of the reference
/// clips, and which one it is, between the clips' bytes as written (T, H, W, 3). Exact, but most pairs are ruled out
/// cheaply: the distance between the clips' sums over square cells of pixels is a lower bound of the full one
/// (|Σa − Σb| ≤ Σ|a − b| in every cell), so each clip is compared in full only with the references whose bound beats
/// the best full distance found so far, nearest bound first. Everything is in integers, so ties and bounds are exact.
/// The references are summed once, so clips can be searched a chunk at a time.</summary>
public sealed class NearestClipSearch : IDisposable
{
    readonly ClipByteView references;
    readonly short[] referenceCells;
    readonly int count;
    readonly long[] shape;
    readonly int clipBytes;
    readonly int cellsPerClip;
    readonly long side;

    /// <param name="referenceBytes">(M, T, H, W, 3) bytes.</param>
    public NearestClipSearch(Tensor referenceBytes)
    {
        shape = referenceBytes.shape[1..];
        count = (int)referenceBytes.shape[0];
        clipBytes = (int)shape.Aggregate(1L, (a, b) => a * b);
        side = CellSide(shape[1], shape[2]);
        cellsPerClip = (int)(clipBytes / (side * side));
        // Shares the caller's memory (a copy of it costs more than the search here, in fresh pages).
        using (var contiguous = referenceBytes.contiguous())
            references = new ClipByteView(contiguous);
        referenceCells = CellSums(referenceBytes, side);
    }

    /// <summary>Clips (N, 3, T, H, W) in [-1, 1], as <see cref="ClipTensors.ToClips"/> would write them.</summary>
    public (double Distance, long Index)[] Find(Tensor clips) => Find(ClipTensors.ToClips(clips, fps: 8));

    public (double Distance, long Index)[] Find(IReadOnlyList<Clip> clips)
    {
        if (clips.Any(c => c.Frames != shape[0] || c.Height != shape[1] || c.Width != shape[2]))
            throw new ArgumentException(
                $"the clips must be {shape[0]} frames of {shape[2]}×{shape[1]}, as the reference clips are"
            );
        var queryCells = new short[clips.Count * cellsPerClip];
        // A few clips at a time through one small tensor: a copy of them all would be fresh pages (50 MB for 256
        // clips of 64×64×16) that cost more than the sums.
        int step = (int)Math.Max(1, Math.Min(ClipTensors.ChunkElements / clipBytes, clips.Count));
        using (var queries = torch.empty([step, .. shape], ScalarType.Byte))
        using (var view = new ClipByteView(queries))
            for (int start = 0; start < clips.Count; start += step)
            {
                int n = Math.Min(step, clips.Count - start);
                for (int i = 0; i < n; i++)
                    clips[start + i].Rgb.CopyTo(view[i]);
                using var part = queries.narrow(0, 0, n);
                CellSums(part, side).CopyTo(queryCells, start * cellsPerClip);
            }
        var found = new (double Distance, long Index)[clips.Count];
        Parallel.For(
            0,
            clips.Count,
            i => found[i] = Nearest(clips[i].Rgb, queryCells.AsSpan(i * cellsPerClip, cellsPerClip))
        );
        return found;
    }

    (double Distance, long Index) Nearest(byte[] query, ReadOnlySpan<short> cells)
    {
        var bounds = new long[count];
        var order = new int[count];
        for (int j = 0; j < count; j++)
        {
            bounds[j] = AbsoluteDifferences.Sum(cells, referenceCells.AsSpan(j * cellsPerClip, cellsPerClip));
            order[j] = j;
        }
        Array.Sort(bounds, order);
        long best = long.MaxValue;
        int bestIndex = -1;
        for (int k = 0; k < count && bounds[k] <= best; k++)
        {
            int j = order[k];
            long full = AbsoluteDifferences.Sum(query, references[j]);
            if (full < best || (full == best && j < bestIndex))
                (best, bestIndex) = (full, j);
        }
        return (best / (clipBytes * 255.0), bestIndex);
    }

    public void Dispose() => references.Dispose();

    /// <summary>The side of the square cells the bound sums over: 8 pixels where the size allows, else 4, 2 or 1.
    /// The full comparisons cost little in bytes, so a coarse bound that rules out fewer pairs pays.</summary>
    static long CellSide(long height, long width) =>
        new long[] { 8, 4, 2 }.FirstOrDefault(s => height % s == 0 && width % s == 0, 1);

    /// <summary>Clips as bytes (N, T, H, W, 3) summed over cells (each sum at most 255 × 64, so 16 bits hold it),
    /// flattened, a few clips at a time in floats (exact for such integers). Rows of a cell are summed first
    /// (contiguous runs), then its columns.</summary>
    static short[] CellSums(Tensor clips, long side)
    {
        using var scope = torch.NewDisposeScope();
        long n = clips.shape[0],
            frames = clips.shape[1],
            height = clips.shape[2],
            width = clips.shape[3];
        long perClip = frames * height * width * 3,
            step = Math.Max(1, ClipTensors.ChunkElements / perClip);
        var sums = new short[n * perClip / (side * side)];
        int written = 0;
        for (long start = 0; start < n; start += step)
        {
            using var chunkScope = torch.NewDisposeScope();
            long size = Math.Min(step, n - start);
            var floats = clips.narrow(0, start, size).to_type(ScalarType.Float32);
            var rows = floats.reshape(size * frames * (height / side), side, width * 3).sum([1L]);
            var cells = rows.reshape(-1, width / side, side, 3).sum([2L]).to_type(ScalarType.Int16).contiguous();
            var part = MemoryMarshal.Cast<byte, short>(cells.bytes);
            part.CopyTo(sums.AsSpan(written));
            written += part.Length;
        }
        return sums;
    }
}
