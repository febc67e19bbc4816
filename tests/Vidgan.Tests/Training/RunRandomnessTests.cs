using TorchSharp;
using Vidgan.Data;
using Vidgan.Library;
using Vidgan.Runs;
using Vidgan.Tests.Support;
using Vidgan.Training;
using static TorchSharp.torch;

namespace Vidgan.Tests.Training;

/// <summary>A seed repeats its run in a process that does other work meanwhile (the jobs of one <c>vidgan
/// serve</c>).</summary>
[Collection(GlobalTorchGenerator.Name)]
public class RunRandomnessTests
{
    [Fact]
    public void ARunDrawsTheSameWhateverTheProcessDrawsFromTorchsGeneratorDuringIt()
    {
        using var temp = new TempDir();
        using var lib = TinyData.IngestedLibrary(temp, perClass: 2, classes: 2);
        var set = TrainingSet.SelectClipSet(lib, 16, 8);
        using var data = TrainingSet.Load(lib, set, Split.Train, conditional: true);
        // Augmentation, still negatives and the gradient penalty draw too, besides the noise.
        var config = TinyData.TrainConfig(data.ClassNames, set.Key) with
        {
            Augment = "color,translation,cutout",
            StillNegatives = 0.5,
            Loss = GanLoss.WganGp,
        };
        List<(double, double)> Train(string name, Action<StepStats>? meanwhile)
        {
            var observer = new RecordingObserver(meanwhile);
            new Trainer(config, new RunDirectory(temp[name]), data, CPU, observer).Run(
                12,
                null,
                resume: false,
                CancellationToken.None
            );
            return observer.Steps.Select(s => (s.LossD, s.LossG)).ToList();
        }
        var alone = Train("alone", meanwhile: null);
        var disturbed = Train("disturbed", meanwhile: _ => torch.randn(1000).Dispose());
        Assert.Equal(2, alone.Count);
        Assert.Equal(alone, disturbed);
    }

    [Fact]
    public void TwoRunsTrainedAtOnceInOneProcessEachLearnWhatTheyLearnAlone()
    {
        using var temp = new TempDir();
        using var lib = TinyData.IngestedLibrary(temp, perClass: 2, classes: 2);
        var set = TrainingSet.SelectClipSet(lib, 16, 8);
        using var data = TrainingSet.Load(lib, set, Split.Train, conditional: true);
        List<(double, double)> Train(string name, int seed)
        {
            var observer = new RecordingObserver();
            var config = TinyData.TrainConfig(data.ClassNames, set.Key) with { Seed = seed };
            new Trainer(config, new RunDirectory(temp[name]), data, CPU, observer).Run(
                11,
                null,
                resume: false,
                CancellationToken.None
            );
            return observer.Steps.Select(s => (s.LossD, s.LossG)).ToList();
        }
        var aloneA = Train("a", seed: 3);
        var aloneB = Train("b", seed: 4);
        var together = new[] { ("a2", 3), ("b2", 4) }.AsParallel().Select(r => Train(r.Item1, r.Item2)).ToArray();
        Assert.Equal(aloneA, together[0]);
        Assert.Equal(aloneB, together[1]);
        Assert.NotEqual(aloneA, aloneB);
    }
}
