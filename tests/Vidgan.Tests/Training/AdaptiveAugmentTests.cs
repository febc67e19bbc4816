using TorchSharp;
using Vidgan.Data;
using Vidgan.Library;
using Vidgan.Runs;
using Vidgan.Tests.Support;
using Vidgan.Training;
using static TorchSharp.torch;

namespace Vidgan.Tests.Training;

public class AdaptiveAugmentTests
{
    static Tensor Scores(int positive, int negative) =>
        torch.cat(new[] { torch.ones(positive, 1), -torch.ones(negative, 1) });

    [Fact]
    public void WithoutATargetEveryOperationAppliesToEveryClipAndNoneLeavesClipsAlone()
    {
        var always = new AdaptiveAugment(new TrainConfig { Augment = "cutout" });
        Assert.False(always.Adapts);
        Assert.Equal(1, always.Probability);
        for (int i = 0; i < 2 * AdaptiveAugment.Interval; i++)
            always.Observe(Scores(16, 0));
        Assert.Equal(1, always.Probability);

        var none = new AdaptiveAugment(new TrainConfig { AugmentTarget = 0.6 });
        Assert.False(none.Adapts);
        var clips = torch.rand(new long[] { 2, 3, 4, 8, 8 });
        Assert.Same(clips, none.Apply(clips));
    }

    [Fact]
    public void TheProbabilityRisesWhileTheDiscriminatorIsSureOfRealClipsAndFallsOtherwise()
    {
        var augment = new AdaptiveAugment(new TrainConfig { Augment = "translation", AugmentTarget = 0.6 });
        Assert.True(augment.Adapts);
        Assert.Equal(0, augment.Probability);
        for (int i = 0; i < AdaptiveAugment.Interval - 1; i++)
            augment.Observe(Scores(16, 0));
        Assert.Equal(0, augment.Probability); // it moves once per interval
        Assert.Null(augment.Overfitting);
        augment.Observe(Scores(16, 0));
        double step = 16 * AdaptiveAugment.Interval / AdaptiveAugment.ClipsFromZeroToOne;
        Assert.Equal(step, augment.Probability, 12);
        Assert.Equal(1, augment.Overfitting);
        for (int i = 0; i < AdaptiveAugment.Interval; i++)
            augment.Observe(Scores(15, 1)); // mean sign 0.875, above the target
        Assert.Equal(2 * step, augment.Probability, 12);
        for (int i = 0; i < AdaptiveAugment.Interval; i++)
            augment.Observe(Scores(8, 8)); // mean sign 0: the discriminator is unsure, so less augmentation
        Assert.Equal(step, augment.Probability, 12);
        Assert.Equal(0, augment.Overfitting);
        for (int i = 0; i < 3 * AdaptiveAugment.Interval; i++)
            augment.Observe(Scores(0, 16));
        Assert.Equal(0, augment.Probability);
    }

    [Fact]
    public void AResumedRunStartsFromTheSavedProbability()
    {
        var config = new TrainConfig { Augment = "color", AugmentTarget = 0.6 };
        Assert.Equal(0.3, new AdaptiveAugment(config, saved: 0.3).Probability);
        Assert.Equal(1, new AdaptiveAugment(config with { AugmentTarget = 0 }, saved: 0.3).Probability);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.25)]
    [InlineData(1.0)]
    public void EachClipIsChangedWithTheGivenProbability(double probability)
    {
        torch.manual_seed(5);
        var clips = torch.ones(new long[] { 400, 1, 2, 8, 8 });
        var augmented = DiffAugment.Apply(clips, new[] { "cutout" }, probability);
        double changed = augmented.ne(clips).flatten(1).any(1).to_type(ScalarType.Float32).mean().item<float>();
        Assert.InRange(changed, probability - 0.06, probability + 0.06);
    }

    [Fact]
    public void TargetsOutsideZeroToOneAreRefused()
    {
        var error = Assert.Throws<VidganException>(() => new TrainConfig { AugmentTarget = 1 }.Validate());
        Assert.Contains("augment_target", error.Message);
        Assert.Throws<VidganException>(() => new TrainConfig { AugmentTarget = -0.1 }.Validate());
    }

    [Fact]
    public void CheckpointsOfAnAdaptingRunRecordTheProbabilityAndOthersDoNot()
    {
        using var temp = new TempDir();
        using var lib = TinyData.IngestedLibrary(temp, perClass: 2, classes: 2);
        var set = TrainingSet.SelectClipSet(lib, 16, 8);
        using var data = TrainingSet.Load(lib, set, Split.Train, conditional: true);
        var config = TinyData.TrainConfig(data.ClassNames, set.Key) with
        {
            CheckpointEvery = 4,
            Augment = "translation,cutout",
            AugmentTarget = 0.6,
        };
        double? Recorded(TrainConfig c, string name) =>
            Checkpoint
                .ReadHeader(
                    new Trainer(c, new RunDirectory(temp[name]), data, CPU, new RecordingObserver())
                        .Run(8, null, resume: false, CancellationToken.None)
                        .CheckpointPath
                )
                .AugmentProbability;
        Assert.InRange(Recorded(config, "adapting") ?? -1, 0, 1);
        Assert.Null(Recorded(config with { AugmentTarget = 0 }, "fixed"));
    }
}
