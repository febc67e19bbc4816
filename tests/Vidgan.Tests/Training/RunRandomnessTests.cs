using TorchSharp;
using Vidgan.Data;
using Vidgan.Library;
using Vidgan.Runs;
using Vidgan.Tests.Support;
using Vidgan.Training;
using static TorchSharp.torch;

namespace Vidgan.Tests.Training;

/// <summary>A seed repeats its run whatever else the process draws from torch's generator, before the run or during
/// it (the jobs of one <c>vidgan serve</c>).</summary>
[Collection(GlobalTorchGenerator.Name)]
public sealed class RunRandomnessTests : IDisposable
{
    readonly TempDir temp = new();
    readonly VidganLibrary lib;
    readonly TrainingSet data;

    public RunRandomnessTests()
    {
        lib = TinyData.IngestedLibrary(temp, perClass: 2, classes: 2);
        data = TrainingSet.Load(lib, TrainingSet.SelectClipSet(lib, 16, 8), Split.Train, conditional: true);
    }

    public void Dispose()
    {
        data.Dispose();
        lib.Dispose();
        temp.Dispose();
    }

    TrainConfig Config(int seed) => TinyData.TrainConfig(data.ClassNames, data.ClipSet.Key) with { Seed = seed };

    /// <returns>The losses the run reported (at its first step and every tenth).</returns>
    List<(double, double)> Train(string name, TrainConfig config, long steps, Action<StepStats>? meanwhile = null)
    {
        var observer = new RecordingObserver(meanwhile);
        new Trainer(config, new RunDirectory(temp[name]), data, CPU, observer).Run(
            steps,
            null,
            resume: false,
            CancellationToken.None
        );
        return observer.Steps.Select(s => (s.LossD, s.LossG)).ToList();
    }

    [Fact]
    public void TheSeedFixesTheInitialWeightsWhateverRanBeforeInTheProcess()
    {
        List<(double, double)> TrainAfter(string name, int seed, long drawnBefore)
        {
            // Whatever else the process drew from torch's generator before training (a probe, another run).
            torch.randn(drawnBefore).Dispose();
            return Train(name, Config(seed), 2);
        }
        var first = TrainAfter("a", seed: 5, drawnBefore: 7);
        var again = TrainAfter("b", seed: 5, drawnBefore: 1000);
        var otherSeed = TrainAfter("c", seed: 6, drawnBefore: 7);
        Assert.Equal(first, again);
        Assert.NotEqual(first, otherSeed);
    }

    [Fact]
    public void ARunDrawsTheSameWhateverTheProcessDrawsFromTorchsGeneratorDuringIt()
    {
        // Augmentation, still negatives and the gradient penalty draw too, besides the noise.
        var config = Config(1) with
        {
            Augment = "color,translation,cutout",
            StillNegatives = 0.5,
            Loss = GanLoss.WganGp,
        };
        var alone = Train("alone", config, 12);
        var disturbed = Train("disturbed", config, 12, meanwhile: _ => torch.randn(1000).Dispose());
        Assert.Equal(2, alone.Count);
        Assert.Equal(alone, disturbed);
    }

    [Fact]
    public void TwoRunsTrainedAtOnceInOneProcessEachLearnWhatTheyLearnAlone()
    {
        var aloneA = Train("a", Config(3), 11);
        var aloneB = Train("b", Config(4), 11);
        var together = new[] { ("a2", 3), ("b2", 4) }
            .AsParallel()
            .Select(r => Train(r.Item1, Config(r.Item2), 11))
            .ToArray();
        Assert.Equal(aloneA, together[0]);
        Assert.Equal(aloneB, together[1]);
        Assert.NotEqual(aloneA, aloneB);
    }
}
