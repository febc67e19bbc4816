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
    readonly int side;

    /// <param name="referenceBytes">(M, T, H, W, 3) bytes.</param>
    public NearestClipSearch(Tensor referenceBytes)
    {
        shape = referenceBytes.shape[1..];
        count = (int)referenceBytes.shape[0];
        clipBytes = (int)shape.Aggregate(1L, (a, b) => a * b);
        side = CellSums.Side(shape[1], shape[2]);
        cellsPerClip = CellSums.PerClip(shape[0], shape[1], shape[2], side);
        // Shares the caller's memory (a copy of it costs more than the search here, in fresh pages).
        using (var contiguous = referenceBytes.contiguous())
            references = new ClipByteView(contiguous);
        referenceCells = new short[count * cellsPerClip];
        Parallel.For(0, count, j => Cells(references[j], referenceCells.AsSpan(j * cellsPerClip, cellsPerClip)));
    }

    /// <summary>Clips (N, 3, T, H, W) in [-1, 1], as <see cref="ClipTensors.ToClips"/> would write them.</summary>
    public (double Distance, long Index)[] Find(Tensor clips) => Find(ClipTensors.ToClips(clips, fps: 8));

    public (double Distance, long Index)[] Find(IReadOnlyList<Clip> clips)
    {
        if (clips.Any(c => c.Frames != shape[0] || c.Height != shape[1] || c.Width != shape[2]))
            throw new ArgumentException(
                $"the clips must be {shape[0]} frames of {shape[2]}×{shape[1]}, as the reference clips are"
            );
        var found = new (double Distance, long Index)[clips.Count];
        Parallel.For(
            0,
            clips.Count,
            i =>
            {
                var cells = new short[cellsPerClip];
                Cells(clips[i].Rgb, cells);
                found[i] = Nearest(clips[i].Rgb, cells);
            }
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

    void Cells(ReadOnlySpan<byte> clip, Span<short> cells) =>
        CellSums.Of(clip, (int)shape[0], (int)shape[1], (int)shape[2], side, cells);
}
