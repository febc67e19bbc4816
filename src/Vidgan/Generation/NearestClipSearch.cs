using TorchSharp;
using Vidgan.Models;
using static TorchSharp.torch;

namespace Vidgan.Generation;

/// <summary>For each clip (N, 3, T, H, W in [-1, 1]) the mean absolute difference, on a 0..1 pixel scale, to the
/// nearest of the reference clips given as bytes (M, T, H, W, 3), and which one it is. Exact, but most pairs are
/// ruled out cheaply: the distance between clips averaged over 4×4 pixel cells is a lower bound of the full one
/// (|mean(a − b)| ≤ mean|a − b| in every cell), so each clip is compared in full only with the references whose
/// bound beats the best full distance found so far, nearest bound first, a few at a time. The references are
/// averaged once, so clips can be searched a chunk at a time.</summary>
/// <remarks>Everything is compared in the references' own byte layout and scale (frames, rows, columns, colour;
/// 0..255), so they are never reordered or copied whole; only the queries are.</remarks>
public sealed class NearestClipSearch : IDisposable
{
    const int Block = 8;
    readonly Tensor references;
    readonly Tensor coarseReferences;
    readonly long side;
    readonly int chunk;

    /// <param name="chunk">References per bound computation.</param>
    public NearestClipSearch(Tensor referenceBytes, int chunk = 256)
    {
        using var _ = torch.no_grad();
        side = CellSide(referenceBytes.shape[2], referenceBytes.shape[3]);
        this.chunk = chunk;
        references = referenceBytes.view(referenceBytes.shape[0], -1).DetachFromDisposeScope();
        coarseReferences = Coarse(referenceBytes, side).DetachFromDisposeScope();
    }

    public (double Distance, long Index)[] Find(Tensor clips)
    {
        using var _ = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        var queries = clips.to(ScalarType.Float32, CPU);
        long n = queries.shape[0],
            count = references.shape[0];
        var coarseQueries = CoarseQueries(queries, side);
        var bounds = new List<Tensor>();
        for (long start = 0; start < count; start += chunk)
        {
            var reference = coarseReferences.narrow(0, start, Math.Min(chunk, count - start));
            bounds.Add(torch.cdist(coarseQueries, reference, p: 1).div_(reference.shape[1] * 255.0));
        }
        var (sorted, order) = torch.cat(bounds, 1).sort(1); // (N, M)
        float[] boundRows = sorted.data<float>().ToArray();
        long[] orderRows = order.data<long>().ToArray();
        var best = new double[n];
        var bestIndex = new long[n];
        for (int i = 0; i < n; i++)
        {
            using var queryScope = torch.NewDisposeScope();
            var query = queries[i].permute(1, 2, 3, 0).flatten().add(1).mul_(127.5);
            best[i] = double.PositiveInfinity;
            // A hair of slack for float rounding in the bound.
            for (long k = 0; k < count && boundRows[i * count + k] <= best[i] * (1 + 1e-5) + 1e-7; k += Block)
            {
                var candidates = orderRows.AsSpan((int)(i * count + k), (int)Math.Min(Block, count - k));
                var batch = references.index_select(0, torch.tensor(candidates.ToArray()));
                var distances = batch.to_type(ScalarType.Float32).sub_(query).abs_().mean([1]).div_(255);
                float[] values = distances.data<float>().ToArray();
                for (int c = 0; c < values.Length; c++)
                    if (values[c] < best[i])
                        (best[i], bestIndex[i]) = (values[c], candidates[c]);
            }
        }
        return best.Zip(bestIndex).ToArray();
    }

    public void Dispose()
    {
        references.Dispose();
        coarseReferences.Dispose();
    }

    /// <summary>The side of the square cells the bound averages over: 4 pixels, 2 or 1 where the size does not
    /// divide.</summary>
    static long CellSide(long height, long width) =>
        height % 4 == 0 && width % 4 == 0 ? 4
        : height % 2 == 0 && width % 2 == 0 ? 2
        : 1;

    /// <summary>Clips (N, 3, T, H, W) in [-1, 1] averaged over cells, in the references' order (frames, rows,
    /// columns, colour), flattened, on a 0..255 scale. Pooled before they are reordered, so only the small
    /// result is.</summary>
    static Tensor CoarseQueries(Tensor clips, long side) =>
        torch
            .nn.functional.avg_pool3d(clips, new[] { 1, side, side })
            .permute(0, 2, 3, 4, 1)
            .add(1)
            .mul_(127.5)
            .flatten(1);

    /// <summary>Clips as bytes (N, T, H, W, 3) averaged over cells, flattened, on a 0..255 scale, a few clips at a
    /// time in floats. Rows of a cell are summed first (contiguous runs), then its columns.</summary>
    static Tensor Coarse(Tensor clips, long side)
    {
        using var scope = torch.NewDisposeScope();
        long n = clips.shape[0],
            frames = clips.shape[1],
            height = clips.shape[2],
            width = clips.shape[3];
        long perClip = frames * height * width * 3,
            step = Math.Max(1, ClipTensors.ChunkElements / perClip);
        var parts = new List<Tensor>();
        for (long start = 0; start < n; start += step)
        {
            using var chunkScope = torch.NewDisposeScope();
            long size = Math.Min(step, n - start);
            var floats = clips.narrow(0, start, size).to_type(ScalarType.Float32);
            var rows = floats.reshape(size * frames * (height / side), side, width * 3).sum([1L]);
            var cells = rows.reshape(-1, width / side, side, 3).sum([2L]);
            parts.Add(cells.reshape(size, -1).div_(side * side).MoveToOuterDisposeScope());
        }
        return torch.cat(parts, 0).MoveToOuterDisposeScope();
    }
}
