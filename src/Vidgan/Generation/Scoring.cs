using TorchSharp;
using Vidgan.Models;
using static TorchSharp.torch;

namespace Vidgan.Generation;

/// <summary>Per-clip judgements: how real the discriminators find a clip, and how close it is to training
/// data.</summary>
public static class Scoring
{
    /// <summary>The mean of the video discriminator's probability and the image discriminator's mean
    /// probability over evenly spaced frames, in [0, 1]: as many frames as it judges per clip in training.</summary>
    /// <param name="labels">The networks' label of each clip (<see cref="ModelConfig.Labels"/>); null for
    /// unconditional models.</param>
    public static double[] DiscriminatorScores(GanModels models, Tensor clips, IReadOnlyList<int>? labels)
    {
        using var _ = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        models.VideoDiscriminator.eval();
        models.ImageDiscriminator.eval();
        var scores = new List<double>();
        long n = clips.shape[0];
        var judged = EvenlySpaced(clips.shape[2], models.Config.ImageFrames).to(models.Device);
        var dtype = models.VideoDiscriminator.parameters().First().dtype;
        // Unlike the generators, the discriminators run no faster per clip in smaller batches on the CPU.
        const int size = ClipSampler.MaxBatchSize;
        for (long start = 0; start < n; start += size)
        {
            // One scope per batch: the intermediate activations of every batch would otherwise live until the end.
            using var batchScope = torch.NewDisposeScope();
            long count = Math.Min(size, n - start);
            var batch = clips.narrow(0, start, count).to(dtype, models.Device);
            Tensor? y =
                labels == null
                    ? null
                    : torch.tensor(
                        labels.Skip((int)start).Take((int)count).Select(c => (long)c).ToArray(),
                        device: models.Device
                    );
            var video = torch.sigmoid(models.VideoDiscriminator.forward(batch, y));
            var (framesT, frameClasses) = ImageDiscriminator.SampleFrames(batch, y, judged);
            var image = torch
                .sigmoid(models.ImageDiscriminator.forward(framesT, frameClasses))
                .view(count, judged.shape[0])
                .mean(new long[] { 1 });
            var combined = ((video + image) / 2).to(ScalarType.Float32, CPU).data<float>().ToArray();
            scores.AddRange(combined.Select(v => (double)v));
        }
        return scores.ToArray();
    }

    /// <summary>Indices of <paramref name="count"/> frames spread evenly from the first to the last (all of them
    /// when the clip has no more).</summary>
    public static Tensor EvenlySpaced(long frames, int count) =>
        count >= frames
            ? torch.arange(frames)
            : torch.linspace(0, frames - 1, Math.Max(count, 1)).round_().to_type(ScalarType.Int64);

    /// <summary>For each clip (N, 3, T, H, W in [-1, 1]) the mean absolute difference, on a 0..1 pixel scale,
    /// to the nearest of the reference clips given as bytes (M, T, H, W, 3). Exact, but most pairs are ruled out
    /// cheaply: the distance between clips averaged over 4×4 pixel cells is a lower bound of the full one
    /// (|mean(a − b)| ≤ mean|a − b| in every cell), so each clip is compared in full only with the references whose
    /// bound beats the best full distance found so far, nearest bound first, a few at a time.</summary>
    public static double[] NearestDistances(Tensor clips, Tensor referenceBytes, int chunk = 256) =>
        Nearest(clips, referenceBytes, chunk).Select(n => n.Distance).ToArray();

    /// <summary>As <see cref="NearestDistances"/>, with the index of the nearest reference clip.</summary>
    /// <remarks>Everything is compared in the references' own byte layout and scale (frames, rows, columns,
    /// colour; 0..255), so they are never reordered or copied whole; only the queries are.</remarks>
    public static (double Distance, long Index)[] Nearest(Tensor clips, Tensor referenceBytes, int chunk = 256)
    {
        const int Block = 8;
        using var _ = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        var queries = clips.to(ScalarType.Float32, CPU);
        long n = queries.shape[0],
            references = referenceBytes.shape[0];
        long side = CellSide(queries.shape[3], queries.shape[4]);
        var coarseQueries = CoarseQueries(queries, side);
        var bounds = new List<Tensor>();
        for (long start = 0; start < references; start += chunk)
        {
            long count = Math.Min(chunk, references - start);
            var reference = CoarseReferences(referenceBytes.narrow(0, start, count), side);
            bounds.Add(torch.cdist(coarseQueries, reference, p: 1).div_(reference.shape[1] * 255.0));
        }
        var (sorted, order) = torch.cat(bounds, 1).sort(1); // (N, M)
        float[] boundRows = sorted.data<float>().ToArray();
        long[] orderRows = order.data<long>().ToArray();
        var flatReferences = referenceBytes.view(references, -1);
        var best = new double[n];
        var bestIndex = new long[n];
        for (int i = 0; i < n; i++)
        {
            using var queryScope = torch.NewDisposeScope();
            var query = queries[i].permute(1, 2, 3, 0).flatten().add(1).mul_(127.5);
            best[i] = double.PositiveInfinity;
            // A hair of slack for float rounding in the bound.
            for (long k = 0; k < references && boundRows[i * references + k] <= best[i] * (1 + 1e-5) + 1e-7; k += Block)
            {
                var candidates = orderRows.AsSpan((int)(i * references + k), (int)Math.Min(Block, references - k));
                var batch = flatReferences.index_select(0, torch.tensor(candidates.ToArray()));
                var distances = batch.to_type(ScalarType.Float32).sub_(query).abs_().mean([1]).div_(255);
                float[] values = distances.data<float>().ToArray();
                for (int c = 0; c < values.Length; c++)
                    if (values[c] < best[i])
                        (best[i], bestIndex[i]) = (values[c], candidates[c]);
            }
        }
        return best.Zip(bestIndex).ToArray();
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
    static Tensor CoarseReferences(Tensor clips, long side)
    {
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
        return torch.cat(parts, 0);
    }
}
