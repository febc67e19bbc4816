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
    /// to the nearest of the reference clips given as bytes (M, T, H, W, 3).</summary>
    public static double[] NearestDistances(Tensor clips, Tensor referenceBytes, int chunk = 256)
    {
        using var _ = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        var queries = clips.to(CPU).flatten(1).add(1).div(2);
        long dims = queries.shape[1];
        var best = Enumerable.Repeat(double.PositiveInfinity, (int)queries.shape[0]).ToArray();
        for (long start = 0; start < referenceBytes.shape[0]; start += chunk)
        {
            // One scope per chunk: each chunk's float copy of the reference clips is freed before the next.
            using var chunkScope = torch.NewDisposeScope();
            long count = Math.Min(chunk, referenceBytes.shape[0] - start);
            var reference = ClipTensors.FromBytes(referenceBytes.narrow(0, start, count)).flatten(1).add(1).div(2);
            var nearest = torch.cdist(queries, reference, p: 1).div(dims).min(1).values.data<float>().ToArray();
            for (int i = 0; i < best.Length; i++)
                best[i] = Math.Min(best[i], nearest[i]);
        }
        return best;
    }
}
