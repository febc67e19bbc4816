using TorchSharp;
using Vidgan.Models;
using Vidgan.Runs;
using Vidgan.Tests.Support;
using Vidgan.Training;
using Vidgan.Util;
using static TorchSharp.torch;

namespace Vidgan.Tests.Training;

public class DivergenceGuardTests
{
    static TrainConfig Config(PrecisionMode asked, Precision precision) =>
        new()
        {
            Model = new ModelConfig
            {
                Architecture = "dcgan3d",
                Size = 16,
                Frames = 8,
                ZDim = 8,
                GeneratorWidth = 4,
                DiscriminatorWidth = 4,
            },
            Precision = precision,
            PrecisionChoice = new PrecisionChoice(asked, 1.5, "bf16 convolutions ran 1.5× as fast as float32 here"),
        };

    [Fact]
    public void NonFiniteWeightIsFoundByName()
    {
        using var models = new GanModels(Config(PrecisionMode.Fp32, Precision.Fp32).Model, CPU);
        Assert.Null(models.FirstNonFinite());
        using (torch.no_grad())
            models.ImageDiscriminator.parameters().Last().fill_(float.PositiveInfinity);
        Assert.StartsWith("image_discriminator.", models.FirstNonFinite());
    }

    [Fact]
    public void FiniteWeightsWhoseSumOverflowsAreFinite()
    {
        using var models = new GanModels(Config(PrecisionMode.Fp32, Precision.Fp32).Model, CPU);
        using (torch.no_grad())
            models.VideoDiscriminator.parameters().First().fill_(float.MaxValue);
        Assert.Null(models.FirstNonFinite());
        using (torch.no_grad())
            models.GeneratorEma.parameters().First().view(-1)[0] = float.NaN;
        Assert.StartsWith("generator_ema.", models.FirstNonFinite());
    }

    [Fact]
    public void CheckpointWithNonFiniteWeightsIsRefusedByName()
    {
        using var temp = new TempDir();
        var config = Config(PrecisionMode.Fp32, Precision.Fp32);
        using var models = new GanModels(config.Model, CPU);
        using (torch.no_grad())
            models.Generator.parameters().First()[0].fill_(float.NaN);
        Checkpoint.Save(temp["bad.vgck"], config, 3, 12, models, null, null);
        using var fresh = new GanModels(config.Model, CPU);
        var error = Assert.Throws<VidganException>(() => Checkpoint.Load(temp["bad.vgck"], fresh));
        Assert.Contains("bad.vgck holds non-finite weights (generator.", error.Message);
    }

    [Fact]
    public void AutoChosenBf16FallsBackToFloat32OnceFromTheLastGoodCheckpoint()
    {
        using var temp = new TempDir();
        var run = new RunDirectory(temp["run"]);
        Directory.CreateDirectory(run.Root);
        var calls = new List<(Precision Precision, bool Resume)>();
        var said = new List<string>();
        var result = PrecisionFallback.Run(
            Config(PrecisionMode.Auto, Precision.Bf16),
            run,
            resume: false,
            said.Add,
            (c, resume) =>
            {
                calls.Add((c.Precision, resume));
                if (c.Precision == Precision.Bf16)
                    throw new TrainingDivergedException(40, "the generator's loss is NaN", run.CheckpointPath(30));
                return new TrainResult(50, run.CheckpointPath(50), false, null, null);
            }
        );
        Assert.Equal(50, result.Step);
        Assert.Equal(new[] { (Precision.Bf16, false), (Precision.Fp32, true) }, calls);
        Assert.Contains("falls back to fp32 once and continues from step-00000030.vgck", Assert.Single(said));
        var saved = Json.Deserialize<TrainConfig>(File.ReadAllText(run.ConfigPath));
        Assert.Equal(Precision.Fp32, saved.Precision);
        Assert.Equal("bf16 diverged at step 40", saved.PrecisionChoice!.Reason);
    }

    [Theory]
    [InlineData(PrecisionMode.Auto, Precision.Fp32)] // already float32: nothing to fall back to
    [InlineData(PrecisionMode.Bf16, Precision.Bf16)] // asked for outright: obeyed, and the divergence reported
    public void OtherDivergencesAreReportedNotRetried(PrecisionMode asked, Precision precision)
    {
        using var temp = new TempDir();
        var run = new RunDirectory(temp["run"]);
        int calls = 0;
        Assert.Throws<TrainingDivergedException>(() =>
            PrecisionFallback.Run(
                Config(asked, precision),
                run,
                false,
                _ => { },
                (_, _) =>
                {
                    calls++;
                    throw new TrainingDivergedException(7, "the generator's loss is NaN", null);
                }
            )
        );
        Assert.Equal(1, calls);
        Assert.False(File.Exists(run.ConfigPath));
    }
}
