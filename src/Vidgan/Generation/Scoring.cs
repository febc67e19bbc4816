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
    /// <remarks>Everything is compared in the references' own byte layout (frames, rows, columns, colour), so
    /// they are never reordered; only the queries are.</remarks>
    public static (double Distance, long Index)[] Nearest(Tensor clips, Tensor referenceBytes, int chunk = 256)
    {
        const int Block = 8;
        using var _ = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        // (N, T, H, W, 3) in 0..1
        var queries = clips.to(ScalarType.Float32, CPU).permute(0, 2, 3, 4, 1).add(1).div_(2).contiguous();
        long references = referenceBytes.shape[0];
        var coarseQueries = Coarse(queries);
        var bounds = new List<Tensor>();
        for (long start = 0; start < references; start += chunk)
        {
            long count = Math.Min(chunk, references - start);
            var reference = Coarse(referenceBytes.narrow(0, start, count), fromBytes: true);
            bounds.Add(torch.cdist(coarseQueries, reference, p: 1).div_(reference.shape[1]));
        }
        var bound = torch.cat(bounds, 1); // (N, M)
        var (sorted, order) = bound.sort(1);
        float[] boundRows = sorted.data<float>().ToArray();
        long[] orderRows = order.data<long>().ToArray();
        var best = new double[queries.shape[0]];
        var bestIndex = new long[best.Length];
        for (int i = 0; i < best.Length; i++)
        {
            using var queryScope = torch.NewDisposeScope();
            var query = queries[i].flatten();
            best[i] = double.PositiveInfinity;
            // A hair of slack for float rounding in the bound.
            for (long k = 0; k < references && boundRows[i * references + k] <= best[i] * (1 + 1e-5) + 1e-7; k += Block)
            {
                var candidates = orderRows.AsSpan((int)(i * references + k), (int)Math.Min(Block, references - k));
                var batch = Unit(referenceBytes.index_select(0, torch.tensor(candidates.ToArray()))).flatten(1);
                float[] distances = (batch - query).abs_().mean([1]).data<float>().ToArray();
                for (int c = 0; c < distances.Length; c++)
                    if (distances[c] < best[i])
                        (best[i], bestIndex[i]) = (distances[c], candidates[c]);
            }
        }
        return best.Zip(bestIndex).ToArray();
    }

    /// <summary>Bytes → floats in 0..1.</summary>
    static Tensor Unit(Tensor bytes) => bytes.to_type(ScalarType.Float32).div_(255);

    /// <summary>Clips (N, T, H, W, 3), floats in 0..1 or bytes, averaged over 4×4 pixel cells (2×2 or none for small
    /// sizes), flattened, in 0..1. Rows of a cell are summed first (contiguous runs), then its columns.</summary>
    static Tensor Coarse(Tensor clips, bool fromBytes = false)
    {
        long n = clips.shape[0],
            frames = clips.shape[1],
            height = clips.shape[2],
            width = clips.shape[3];
        long side =
            height % 4 == 0 && width % 4 == 0 ? 4
            : height % 2 == 0 && width % 2 == 0 ? 2
            : 1;
        long perClip = frames * height * width * 3,
            step = Math.Max(1, ClipTensors.ChunkElements / perClip);
        var parts = new List<Tensor>();
        for (long start = 0; start < n; start += step)
        {
            using var chunkScope = torch.NewDisposeScope();
            long size = Math.Min(step, n - start);
            var part = clips.narrow(0, start, size);
            var floats = fromBytes ? part.to_type(ScalarType.Float32) : part;
            var rows = floats.reshape(size * frames * (height / side), side, width * 3).sum([1L]);
            var cells = rows.reshape(-1, width / side, side, 3).sum([2L]);
            parts.Add(cells.reshape(size, -1).div_(side * side * (fromBytes ? 255 : 1)).MoveToOuterDisposeScope());
        }
        return torch.cat(parts, 0);
    }
}
