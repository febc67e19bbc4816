using TorchSharp;
using Vidgan.Models;
using Vidgan.Runs;
using Vidgan.Tests.Support;
using Vidgan.Training;
using Vidgan.Util;
using static TorchSharp.torch;

namespace Vidgan.Tests.Models;

/// <summary>The VAE and VAE-GAN baselines: encoder, the KL term, training and checkpoints.</summary>
public class VaeTests
{
    static TrainConfig Config(string objective, string arch = "dcgan3d") =>
        new()
        {
            Model = new ModelConfig
            {
                Architecture = arch,
                Objective = SettingNames.Parse<Objective>(objective, "objective"),
                Size = 16,
                Frames = 8,
                ZDim = 16,
                GeneratorWidth = 8,
                DiscriminatorWidth = 8,
                ImageFrames = 2,
            },
            Batch = 8,
        };

    [Fact]
    public void KlDivergenceMatchesTheClosedForm()
    {
        Assert.Equal(0, VaeObjective.Kl(torch.zeros(3, 4), torch.zeros(3, 4)).item<float>(), 6);
        // Mean 1 in every one of 4 dimensions: ½·Σ m² = 2.
        Assert.Equal(2, VaeObjective.Kl(torch.ones(3, 4), torch.zeros(3, 4)).item<float>(), 5);
        // Variance e in one dimension: ½(e − 1 − 1).
        var logVar = torch.tensor(new float[] { 1, 0 }).view(1, 2);
        Assert.Equal(0.5 * (Math.E - 2), VaeObjective.Kl(torch.zeros(1, 2), logVar).item<float>(), 5);
    }

    [Theory]
    [InlineData("vae", "dcgan3d")]
    [InlineData("vae-gan", "resnet")]
    public void TheLossFallsOnEightClipsAndTheEncoderIsTrained(string objective, string arch)
    {
        torch.manual_seed(11);
        var config = Config(objective, arch);
        using var models = new GanModels(config.Model, CPU);
        Assert.NotNull(models.Encoder);
        var optG = new ScalarSafe.Adam(models.GeneratorSideParameters, 2e-3, 0.5, 0.999);
        var optD = new ScalarSafe.Adam(
            models.VideoDiscriminator.parameters().Concat(models.ImageDiscriminator.parameters()),
            2e-4,
            0.5,
            0.999
        );
        var step = new GanStep(models, new ParameterUpdate(optG), new ParameterUpdate(optD), config);
        // Eight clips, each one solid colour: a code of 16 numbers can hold that.
        var clips = torch.rand(new long[] { 8, 3, 1, 1, 1 }).expand(-1, -1, 8, 16, 16).mul(2).sub(1).contiguous();
        var encoderBefore = models.Encoder!.parameters().First().detach().clone();
        var reconstruction = new List<double>();
        for (int i = 0; i < 40; i++)
        {
            using var scope = torch.NewDisposeScope();
            step.Run(clips, torch.zeros(8, ScalarType.Int64), torch.tensor(new long[] { 0, 4 }));
            using (torch.no_grad())
                reconstruction.Add(
                    VaeObjective.Compute(models.Encoder, models.Generator, clips, null, 1).Reconstruction.item<float>()
                );
        }
        Assert.True(
            reconstruction.Skip(35).Average() < 0.6 * reconstruction.Take(3).Average(),
            $"reconstruction error went from {reconstruction.Take(3).Average():0.000} to "
                + $"{reconstruction.Skip(35).Average():0.000}"
        );
        Assert.False(torch.allclose(encoderBefore, models.Encoder.parameters().First()), "the encoder was updated");
    }

    [Fact]
    public void CheckpointsKeepTheEncoder()
    {
        using var temp = new TempDir();
        var config = Config("vae");
        using var models = new GanModels(config.Model, CPU);
        Checkpoint.Save(temp["v.vgck"], config, 3, 24, models, null, null);
        using var loaded = new GanModels(Checkpoint.ReadHeader(temp["v.vgck"]).Config.Model, CPU);
        Checkpoint.Load(temp["v.vgck"], loaded);
        models.Encoder!.eval();
        loaded.Encoder!.eval();
        var x = torch.rand(new long[] { 2, 3, 8, 16, 16 });
        Assert.True(torch.allclose(models.Encoder.forward(x).Mean, loaded.Encoder.forward(x).Mean, rtol: 0, atol: 0));
        var a = ClipSampler.Sample(models.GeneratorEma, config.Model, CPU, new long[] { 5 }, null);
        Assert.True(
            torch.allclose(
                a,
                ClipSampler.Sample(loaded.GeneratorEma, config.Model, CPU, new long[] { 5 }, null),
                rtol: 0,
                atol: 0
            )
        );
    }

    [Fact]
    public void ObjectivesNeedAGeneratorFromOneLatentCode()
    {
        var e = Assert.Throws<VidganException>(() => Config("vae", "mocogan").Model.Validate());
        Assert.Contains("needs a generator drawn from one latent code", e.Message);
        Assert.Contains(
            "unknown objective 'flow'",
            Assert.Throws<VidganException>(() => SettingNames.Parse<Objective>("flow", "objective")).Message
        );
    }
}
