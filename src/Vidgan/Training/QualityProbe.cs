using Vidgan.Data;
using Vidgan.Evaluation;
using Vidgan.Library;
using Vidgan.Models;
using static TorchSharp.torch;

namespace Vidgan.Training;

/// <summary>A reading of how far the generator is from held-out real clips.</summary>
/// <param name="Distance">Judge-free Fréchet distance of generated clips to held-out clips.</param>
/// <param name="Floor">The same distance between two halves of the held-out clips: what a perfect generator
/// reaches.</param>
public sealed record QualityReading(double Distance, double Floor);

/// <summary>A cheap quality signal while a run trains, so a user sees whether more time helps: every few minutes, the
/// judge-free Fréchet distance (<see cref="RandomFeatures"/>) between clips of the averaged generator and the held-out
/// clips, beside the real-vs-real floor. The real clips' features are computed once.</summary>
public sealed class QualityProbe : IDisposable
{
    const int MaxReal = 256,
        MaxReference = 512,
        Samples = 128;

    /// <summary>Held-out clips needed for a meaningful reading (half of them form the floor).</summary>
    public const int MinHeldOut = 8;

    readonly RandomFeatures network;
    readonly Tensor realFeatures,
        referenceFeatures;
    readonly Tensor? context;
    readonly int[] classes;
    readonly TimeSpan every;
    TimeSpan? last;

    QualityProbe(TrainingSet heldOut, TrainingSet train, ModelConfig model, Device device, TimeSpan every)
    {
        this.every = every;
        network = new RandomFeatures(device);
        int real = (int)Math.Min(MaxReal, heldOut.Count);
        using var realClips = ClipTensors.FromBytes(heldOut.Clips.narrow(0, 0, real));
        realFeatures = network.Of(realClips);
        referenceFeatures = network.OfBytes(train.Clips.narrow(0, 0, Math.Min(MaxReference, train.Count)));
        var index = Enumerable.Range(0, Samples).Select(i => i % real).ToArray();
        classes = index
            .Select(i => model.Conditional ? model.ClassIndex(heldOut.ClassNames[(int)heldOut.ClassIndices[i]]) : 0)
            .ToArray();
        context =
            model.ContextFrames > 0
                ? realClips
                    .index_select(0, tensor(index.Select(i => (long)i).ToArray()))
                    .narrow(2, 0, model.ContextFrames)
                : null;
    }

    /// <summary>A probe reading every <paramref name="every"/> of training, or null (with why, for the user) when the
    /// library holds too few held-out clips of this clip set.</summary>
    public static (QualityProbe? Probe, string? Why) For(
        VidganLibrary library,
        TrainingSet train,
        ModelConfig model,
        Device device,
        TimeSpan every
    )
    {
        if (library.Catalog.Clips(train.ClipSet.Id, Split.Test).Count < MinHeldOut)
            return (null, $"no quality readings: they need {MinHeldOut} held-out clips (setting 'test_fraction')");
        using var heldOut = TrainingSet.Load(
            library,
            train.ClipSet,
            Split.Test,
            model.Conditional,
            model.Conditional ? model.Classes : null
        );
        return heldOut.Count < MinHeldOut
            ? (null, $"no quality readings: they need {MinHeldOut} held-out clips of the classes trained")
            : (new QualityProbe(heldOut, train, model, device, every), null);
    }

    /// <summary>Whether a reading is due after <paramref name="elapsed"/> of training.</summary>
    public bool Due(TimeSpan elapsed) => elapsed - (last ?? TimeSpan.Zero) >= every;

    /// <summary>The step of the last reading, if any.</summary>
    public long? LastStep { get; private set; }

    public QualityReading Measure(GanModels models, ModelConfig model, Device device, long step, TimeSpan elapsed)
    {
        (last, LastStep) = (elapsed, step);
        var seeds = Enumerable.Range(0, Samples).Select(i => 1_000_000L + i).ToArray();
        using var scope = NewDisposeScope();
        var generated = ClipSampler.Sample(models.GeneratorEma, model, device, seeds, classes, context: context);
        var report = FrechetMetric.Compare(realFeatures, network.Of(generated), referenceFeatures);
        return new QualityReading(report.GeneratedVsRealMatched, report.RealVsRealFloor);
    }

    public void Dispose()
    {
        network.Dispose();
        realFeatures.Dispose();
        referenceFeatures.Dispose();
        context?.Dispose();
    }
}
