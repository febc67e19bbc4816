using TorchSharp;
using Vidgan.Models;
using Vidgan.Runs;
using Vidgan.Training;
using Vidgan.Training.Objectives;
using static TorchSharp.torch;

namespace Vidgan.Tests.Training;

/// <summary>GanStep's branches: which loss terms a run's settings call for, and what each one computes.</summary>
public class LossTermsTests
{
    static TrainConfig Config(ModelConfig? model = null) =>
        new()
        {
            Model =
                model
                ?? new ModelConfig
                {
                    Architecture = "dcgan3d",
                    Size = 16,
                    Frames = 8,
                    ZDim = 8,
                },
            Batch = 4,
        };

    static string[] Names(IEnumerable<object> terms) => terms.Select(t => t.GetType().Name).ToArray();

    [Fact]
    public void TheSettingsChooseTheTerms()
    {
        var plain = LossTerms.For(Config() with { R1Gamma = 0 });
        Assert.Equal(["AdversarialTerm"], Names(plain.Discriminator));
        Assert.Equal(["AdversarialTerm"], Names(plain.Generator));

        var classes = new ModelConfig
        {
            Architecture = "dcgan3d",
            Classes = ["a", "b"],
            AuxClassifierWeight = 1,
        };
        var all = LossTerms.For(
            Config(classes) with
            {
                Loss = GanLoss.WganGp,
                R1Gamma = 1,
                ModeSeeking = 0.5,
                StillNegatives = 0.5,
            }
        );
        Assert.Equal(
            ["AdversarialTerm", "AuxiliaryClassTerm", "GradientPenaltyTerm", "StillNegativesTerm", "R1Term"],
            Names(all.Discriminator)
        );
        Assert.Equal(["AdversarialTerm", "AuxiliaryClassTerm", "ModeSeekingTerm"], Names(all.Generator));

        var video = new ModelConfig
        {
            Architecture = "unet",
            Condition = Condition.Video,
            ContextFrames = 2,
        };
        var continuing = LossTerms.For(Config(video) with { ReconstructionL1 = 10 });
        Assert.Contains("ReconstructionTerm", Names(continuing.Generator));
        Assert.DoesNotContain("ReconstructionTerm", Names(LossTerms.For(Config(video)).Generator));
        var vaeGan = LossTerms.For(Config(new ModelConfig { Architecture = "resnet", Objective = Objective.VaeGan }));
        Assert.Contains("VaeGanTerm", Names(vaeGan.Generator));
    }

    [Fact]
    public void LazyR1AppliesEveryNthStepScaledByTheInterval()
    {
        torch.manual_seed(3);
        using var models = new GanModels(Config().Model, CPU);
        // In eval mode the spectral norms' power iteration holds still, so both computations see the same weights.
        models.VideoDiscriminator.eval();
        models.ImageDiscriminator.eval();
        var real = torch.rand(new long[] { 2, 3, 8, 16, 16 }) * 2 - 1;
        var frames = torch.rand(new long[] { 4, 3, 16, 16 }) * 2 - 1;
        DiscriminatorPass Pass(long step) =>
            new(models, step, real, real, null, null, frames, frames, null, null, real, real, real, real, real, real);
        var term = new R1Term(gamma: 2, every: 4);
        Assert.Null(term.Loss(Pass(1)));
        Assert.Null(term.Loss(Pass(3)));
        var applied = term.Loss(Pass(8))!.item<float>();
        var expected =
            2
            / 2.0
            * 4
            * (
                Losses.R1(x => models.VideoDiscriminator.forward(x, null), real).item<float>()
                + Losses.R1(x => models.ImageDiscriminator.forward(x, null), frames).item<float>()
            );
        Assert.Equal(expected, applied, 3);
    }

    [Fact]
    public void StillNegativesTeachTheVideoDiscriminatorThatStillPicturesAreNotVideo()
    {
        torch.manual_seed(4);
        var moving = torch.rand(new long[] { 4, 3, 8, 16, 16 }) * 2 - 1;
        var still = StillNegativesTerm.Still(moving);
        Assert.Equal(moving.shape, still.shape);
        var held = still.select(2, 0);
        Assert.True(still.eq(held.unsqueeze(2)).all().item<bool>());
        Assert.Contains(Enumerable.Range(0, 8), t => moving.select(2, t).equal(held).all().item<bool>());

        Assert.Equal(Math.Log(2), Losses.FakeSide(GanLoss.Bce, torch.zeros(3)).item<float>(), 5);
        Assert.Equal(1.5f, Losses.FakeSide(GanLoss.Hinge, torch.tensor(new[] { -2f, 2f })).item<float>(), 5);

        var config = Config().Model;
        using var models = new GanModels(config, CPU);
        var term = new StillNegativesTerm(GanLoss.Hinge, weight: 1);
        var optimizer = new ScalarSafe.Adam(models.VideoDiscriminator.parameters(), 1e-3, 0.9, 0.999);
        DiscriminatorPass Pass() =>
            new(
                models,
                0,
                moving,
                moving,
                null,
                null,
                moving,
                moving,
                null,
                null,
                moving,
                moving,
                moving,
                moving,
                moving,
                moving
            );
        for (int step = 0; step < 30; step++)
        {
            optimizer.zero_grad();
            var realSide = Losses.Discriminator(
                GanLoss.Hinge,
                models.VideoDiscriminator.forward(moving, null),
                torch.full(1, -1f)
            );
            (realSide + term.Loss(Pass())).backward();
            optimizer.step();
        }
        using var _ = torch.no_grad();
        float real = models.VideoDiscriminator.forward(moving, null).mean().item<float>();
        float stillLogit = models
            .VideoDiscriminator.forward(StillNegativesTerm.Still(moving), null)
            .mean()
            .item<float>();
        Assert.True(real > 0.5 && stillLogit < -0.5, $"moving clips {real}, still copies {stillLogit}");
    }

    [Fact]
    public void ReconstructionWeighsL1AndL2OfThePredictedFramesOnly()
    {
        var real = torch.zeros(new long[] { 1, 3, 4, 2, 2 });
        var fake = torch.zeros(new long[] { 1, 3, 4, 2, 2 });
        fake[.., .., 0] = torch.tensor(5f); // a given frame: not counted
        fake[.., .., 2] = torch.tensor(0.5f); // one of the two predicted frames is off by 0.5 everywhere
        var pass = new GeneratorPass(null!, real, fake, torch.zeros(1, 1), null, null, null, real, real, real, real);
        float loss = new ReconstructionTerm(given: 2, l1: 10, l2: 100).Loss(pass).item<float>();
        Assert.Equal(10 * 0.25 + 100 * 0.125, loss, 4);
    }

    [Fact]
    public void ModeSeekingIsSmallWhenDifferentNoiseGivesDifferentClips()
    {
        var z = torch.tensor(new float[] { 0, 1 }).view(2, 1);
        var alike = torch.zeros(new long[] { 2, 3, 2, 2, 2 });
        var apart = torch.cat([torch.zeros(new long[] { 1, 3, 2, 2, 2 }), torch.ones(new long[] { 1, 3, 2, 2, 2 })]);
        GeneratorPass Pass(Tensor fake) => new(null!, fake, fake, z, null, null, null, fake, fake, fake, fake);
        var term = new ModeSeekingTerm(weight: 2);
        Assert.True(term.Loss(Pass(apart)).item<float>() < 2.5);
        Assert.True(term.Loss(Pass(alike)).item<float>() > 1000);
    }

    [Fact]
    public void WganGpPenaltyIsZeroForACriticWithUnitGradient()
    {
        var real = torch.rand(new long[] { 3, 4 });
        var fake = torch.rand(new long[] { 3, 4 });
        // f(x) = x · w with ‖w‖ = 1 has gradient norm exactly 1 everywhere.
        var w = torch.tensor(new float[] { 0.6f, 0.8f, 0, 0 });
        Assert.Equal(0, Losses.GradientPenalty(x => x.matmul(w), real, fake).item<float>(), 5);
        Assert.True(Losses.GradientPenalty(x => x.matmul(w * 3), real, fake).item<float>() > 3.9);
    }
}
