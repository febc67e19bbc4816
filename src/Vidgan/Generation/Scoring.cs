using TorchSharp;
using Vidgan.Models;
using static TorchSharp.torch;

namespace Vidgan.Generation;

/// <summary>Per-clip judgements: how real the discriminators find a clip, and how close it is to training
/// data.</summary>
public static class Scoring
{
    /// <summary>The mean of the video discriminator's probability and the image discriminator's mean
    /// probability over all frames, in [0, 1].</summary>
    public static double[] DiscriminatorScores(GanModels models, Tensor clips, IReadOnlyList<int>? classes)
    {
        using var _ = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        models.VideoDiscriminator.eval();
        models.ImageDiscriminator.eval();
        var scores = new List<double>();
        long n = clips.shape[0],
            frames = clips.shape[2];
        for (long start = 0; start < n; start += ClipSampler.BatchSize)
        {
            // One scope per batch: the intermediate activations of every batch would otherwise live until the end.
            using var batchScope = torch.NewDisposeScope();
            long count = Math.Min(ClipSampler.BatchSize, n - start);
            var batch = clips.narrow(0, start, count).to(models.Device);
            Tensor? y =
                classes == null
                    ? null
                    : torch.tensor(
                        classes.Skip((int)start).Take((int)count).Select(c => (long)c).ToArray(),
                        device: models.Device
                    );
            var video = torch.sigmoid(models.VideoDiscriminator.forward(batch, y));
            var all = torch.arange(frames, device: models.Device);
            var (framesT, frameClasses) = ImageDiscriminator.SampleFrames(batch, y, all);
            var image = torch
                .sigmoid(models.ImageDiscriminator.forward(framesT, frameClasses))
                .view(count, frames)
                .mean(new long[] { 1 });
            var combined = ((video + image) / 2).to(CPU).data<float>().ToArray();
            scores.AddRange(combined.Select(v => (double)v));
        }
        return scores.ToArray();
    }

    /// <summary>For each clip (N, 3, T, H, W in [-1, 1]) the mean absolute difference, on a 0..1 pixel scale,
    /// to the nearest of the reference clips given as bytes (M, T, H, W, 3). Exact, but most pairs are ruled out
    /// cheaply: the distance between clips averaged over 4×4 pixel cells is a lower bound of the full one
    /// (|mean(a − b)| ≤ mean|a − b| in every cell), so each clip is compared in full only with the references whose
    /// bound beats the best full distance found so far, nearest bound first.</summary>
    public static double[] NearestDistances(Tensor clips, Tensor referenceBytes, int chunk = 256) =>
        Nearest(clips, referenceBytes, chunk).Select(n => n.Distance).ToArray();

    /// <summary>As <see cref="NearestDistances"/>, with the index of the nearest reference clip.</summary>
    public static (double Distance, long Index)[] Nearest(Tensor clips, Tensor referenceBytes, int chunk = 256)
    {
        using var _ = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        var queries = Unit(clips.to(CPU));
        long references = referenceBytes.shape[0];
        var coarseQueries = Coarse(queries);
        var bounds = new List<Tensor>();
        for (long start = 0; start < references; start += chunk)
        {
            // One scope per chunk: each chunk's float copy of the reference clips is freed before the next.
            using var chunkScope = torch.NewDisposeScope();
            long count = Math.Min(chunk, references - start);
            var reference = Coarse(Unit(ClipTensors.FromBytes(referenceBytes.narrow(0, start, count))));
            bounds.Add(torch.cdist(coarseQueries, reference, p: 1).div(reference.shape[1]).MoveToOuterDisposeScope());
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
            for (long k = 0; k < references; k++)
            {
                // A hair of slack for float rounding in the bound.
                if (boundRows[i * references + k] > best[i] * (1 + 1e-5) + 1e-7)
                    break;
                long j = orderRows[i * references + k];
                var reference = Unit(ClipTensors.FromBytes(referenceBytes.narrow(0, j, 1)))[0].flatten();
                double distance = (query - reference).abs().mean().item<float>();
                if (distance < best[i])
                    (best[i], bestIndex[i]) = (distance, j);
            }
        }
        return best.Zip(bestIndex).ToArray();
    }

    /// <summary>[-1, 1] → [0, 1].</summary>
    static Tensor Unit(Tensor clips) => clips.add(1).div(2);

    /// <summary>Clips (N, 3, T, H, W) averaged over 4×4 pixel cells (2×2 or none for small sizes), flattened.</summary>
    static Tensor Coarse(Tensor clips)
    {
        long side =
            clips.shape[3] % 4 == 0 && clips.shape[4] % 4 == 0 ? 4
            : clips.shape[3] % 2 == 0 ? 2
            : 1;
        return side == 1 ? clips.flatten(1) : nn.functional.avg_pool3d(clips, [1, side, side]).flatten(1);
    }
}
