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
        using var fixedWeights = DerivedWeights.Reuse();
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

    /// <summary>For each clip the distance to the nearest reference clip (see <see cref="NearestClipSearch"/>).
    /// </summary>
    public static double[] NearestDistances(Tensor clips, Tensor referenceBytes) =>
        Nearest(clips, referenceBytes).Select(n => n.Distance).ToArray();

    /// <summary>As <see cref="NearestDistances"/>, with the index of the nearest reference clip.</summary>
    public static (double Distance, long Index)[] Nearest(Tensor clips, Tensor referenceBytes)
    {
        using var search = new NearestClipSearch(referenceBytes);
        return search.Find(clips);
    }
}
