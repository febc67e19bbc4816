using TorchSharp;
using Vidgan.Models;
using Vidgan.Util;
using static TorchSharp.torch;

namespace Vidgan.Tests.Models;

public class ModelTests
{
    /// <summary>architecture, clip size, frames, classes, discriminators.</summary>
    public static TheoryData<string, int, int, int, string> Configs =>
        new()
        {
            { "dcgan3d", 16, 8, 0, "conv" },
            { "dcgan3d", 16, 8, 3, "conv" },
            { "dcgan3d", 32, 16, 2, "conv" },
            { "dcgan3d", 16, 12, 0, "conv" },
            { "dcgan3d", 16, 8, 2, "resnet" },
            { "mocogan", 16, 8, 0, "conv" },
            { "mocogan", 16, 8, 3, "conv" },
            { "mocogan", 32, 16, 2, "conv" },
            { "layered", 16, 8, 0, "conv" },
            { "layered", 16, 8, 3, "conv" },
            { "layered", 32, 16, 2, "conv" },
            { "resnet", 16, 8, 0, "resnet" },
            { "resnet", 16, 8, 3, "resnet" },
            { "resnet", 32, 16, 2, "resnet" },
            { "resnet", 16, 12, 0, "resnet" },
            { "resnet", 8, 4, 0, "resnet" },
            { "resnet", 16, 8, 2, "conv" },
        };

    static ModelConfig Config(string arch, int size, int frames, int classes, string discriminator = "conv") =>
        new()
        {
            Architecture = arch,
            Size = size,
            Frames = frames,
            ZDim = 16,
            GeneratorWidth = 8,
            DiscriminatorWidth = 8,
            Classes = Enumerable.Range(0, classes).Select(i => $"c{i}").ToArray(),
            ImageFrames = 2,
            Discriminator = SettingNames.Parse<DiscriminatorKind>(discriminator, "discriminator"),
        };

    static Tensor? Classes(ModelConfig c, int batch) =>
        c.Conditional ? torch.tensor(Enumerable.Range(0, batch).Select(i => (long)(i % c.NumClasses)).ToArray()) : null;

    [Theory]
    [MemberData(nameof(Configs))]
    public void NetworksProduceTheDocumentedShapes(string arch, int size, int frames, int classes, string discriminator)
    {
        var config = Config(arch, size, frames, classes, discriminator);
        using var models = new GanModels(config, CPU);
        var y = Classes(config, 3);
        var clips = models.Generator.Generate(torch.randn(3, ModelRegistry.NoiseDim(config)), y);
        Assert.Equal(new long[] { 3, 3, frames, size, size }, clips.shape);
        Assert.True(clips.abs().max().item<float>() <= 1.0f);
        Assert.Equal(new long[] { 3 }, models.VideoDiscriminator.forward(clips, y).shape);
        var (f, fy) = ImageDiscriminator.SampleFrames(clips, y, torch.tensor(new long[] { 0, frames - 1 }));
        Assert.Equal(new long[] { 6, 3, size, size }, f.shape);
        Assert.Equal(new long[] { 6 }, models.ImageDiscriminator.forward(f, fy).shape);
    }

    [Theory]
    [MemberData(nameof(Configs))]
    public void GradientsReachEveryParameter(string arch, int size, int frames, int classes, string discriminator)
    {
        var config = Config(arch, size, frames, classes, discriminator);
        using var models = new GanModels(config, CPU);
        var y = Classes(config, 4);
        var clips = models.Generator.Generate(torch.randn(4, ModelRegistry.NoiseDim(config)), y);
        var (f, fy) = ImageDiscriminator.SampleFrames(clips, y, torch.tensor(new long[] { 1 }));
        var loss = models.VideoDiscriminator.forward(clips, y).mean() + models.ImageDiscriminator.forward(f, fy).mean();
        loss.backward();
        foreach (
            var module in new nn.Module[] { models.Generator, models.VideoDiscriminator, models.ImageDiscriminator }
        )
        foreach (var (name, p) in module.named_parameters())
        {
            Assert.True(p.grad is not null, $"{module.GetName()}.{name} has no gradient");
            Assert.True(p.grad!.abs().sum().item<float>() > 0, $"{module.GetName()}.{name} has a zero gradient");
        }
    }

    [Theory]
    [InlineData("conv")]
    [InlineData("resnet")]
    public void TheVideoDiscriminatorCanReadFrameChangesAndLearnsFromThem(string discriminator)
    {
        torch.manual_seed(2);
        var clips = torch.rand([2, 3, 8, 16, 16]) * 2 - 1;
        var both = VideoDiscriminator.WithDifferences(clips);
        Assert.Equal(new long[] { 2, 6, 8, 16, 16 }, both.shape);
        Assert.True(both.narrow(1, 0, 3).equal(clips).all().item<bool>());
        Assert.Equal(0, both.narrow(1, 3, 3).select(2, 0).abs().max().item<float>());
        var change = clips.select(2, 5) - clips.select(2, 4);
        Assert.True(both.narrow(1, 3, 3).select(2, 5).allclose(change));

        var config = Config("mocogan", 16, 8, 2, discriminator) with { FrameDifferences = true };
        using var models = new GanModels(config, CPU);
        var y = torch.tensor(new long[] { 0, 1 });
        var still = clips.narrow(2, 0, 1).expand(2, 3, 8, 16, 16).clone().requires_grad_();
        models.VideoDiscriminator.forward(still, y).sum().backward();
        foreach (var (name, p) in models.VideoDiscriminator.named_parameters())
            Assert.True(p.grad is not null && p.grad.abs().sum().item<float>() > 0, $"{name} has no gradient");
        Assert.True(still.grad!.abs().sum().item<float>() > 0);
    }

    [Theory]
    [InlineData("conv")]
    [InlineData("resnet")]
    public void ADownsampledVideoDiscriminatorSeesOnlyTheAveragedClipAndPassesGradients(string discriminator)
    {
        torch.manual_seed(3);
        var coarse = torch.rand([2, 3, 8, 16, 16]) * 1.6 - 0.8;
        var sharp = coarse.repeat_interleave(2, 3).repeat_interleave(2, 4);
        // A ±0.1 checkerboard: every 2×2 block averages to zero, so only fine detail changes.
        var checker = (torch.arange(32).unsqueeze(1) + torch.arange(32).unsqueeze(0)).remainder(2) * 0.2 - 0.1;
        var detailed = sharp + checker;
        var y = torch.tensor(new long[] { 0, 1 });

        var full = Config("layered", 32, 8, 2, discriminator);
        var halved = full with { VideoDownsample = 2 };
        using var fullModels = new GanModels(full, CPU);
        using var halvedModels = new GanModels(halved, CPU);
        var d = halvedModels.VideoDiscriminator;
        // Spectral norm's power iteration moves the weights on every training pass; compare in eval mode.
        d.eval();
        fullModels.VideoDiscriminator.eval();
        Assert.True(d.forward(sharp, y).allclose(d.forward(detailed, y), rtol: 1e-4, atol: 1e-5));
        Assert.False(
            fullModels.VideoDiscriminator.forward(sharp, y).allclose(fullModels.VideoDiscriminator.forward(detailed, y))
        );
        Assert.True(GanModels.ParameterCount(d) < GanModels.ParameterCount(fullModels.VideoDiscriminator));

        d.train();
        var input = detailed.clone().requires_grad_();
        var logits = d.forward(input, y);
        Assert.Equal(new long[] { 2 }, logits.shape);
        logits.sum().backward();
        foreach (var (name, p) in d.named_parameters())
            Assert.True(p.grad is not null && p.grad.abs().sum().item<float>() > 0, $"{name} has no gradient");
        Assert.True(input.grad!.abs().sum().item<float>() > 0);
    }

    [Theory]
    [InlineData("conv", 1)]
    [InlineData("conv", 2)]
    [InlineData("resnet", 1)]
    public void ThreeByThreeDiscriminatorKernelsKeepEveryShapeWithFewerWeightsAndPassGradients(
        string discriminator,
        int videoDownsample
    )
    {
        torch.manual_seed(4);
        var four = Config("layered", 32, 8, 2, discriminator) with { VideoDownsample = videoDownsample };
        var three = four with { DiscriminatorKernel = 3 };
        using var fourModels = new GanModels(four, CPU);
        using var threeModels = new GanModels(three, CPU);
        var clips = (torch.rand([2, 3, 8, 32, 32]) * 2 - 1).requires_grad_();
        var frames = torch.rand([4, 3, 32, 32]) * 2 - 1;
        var y = torch.tensor(new long[] { 0, 1 });
        Assert.Equal(
            fourModels.VideoDiscriminator.Features(clips).shape,
            threeModels.VideoDiscriminator.Features(clips).shape
        );
        Assert.Equal(
            fourModels.ImageDiscriminator.Features(frames).shape,
            threeModels.ImageDiscriminator.Features(frames).shape
        );
        Assert.True(
            GanModels.ParameterCount(threeModels.VideoDiscriminator)
                < GanModels.ParameterCount(fourModels.VideoDiscriminator)
        );
        Assert.True(
            GanModels.ParameterCount(threeModels.ImageDiscriminator)
                < GanModels.ParameterCount(fourModels.ImageDiscriminator)
        );

        var d = threeModels.VideoDiscriminator;
        var logits = d.forward(clips, y);
        Assert.Equal(new long[] { 2 }, logits.shape);
        logits.sum().backward();
        foreach (var (name, p) in d.named_parameters())
            Assert.True(p.grad is not null && p.grad.abs().sum().item<float>() > 0, $"{name} has no gradient");
        Assert.True(clips.grad!.abs().sum().item<float>() > 0);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(5)]
    public void DiscriminatorKernelsOtherThanThreeOrFourAreRejected(int kernel)
    {
        var config = Config("layered", 32, 8, 0) with { DiscriminatorKernel = kernel };
        var e = Assert.Throws<VidganException>(() => new GanModels(config, CPU));
        Assert.Contains("'model.discriminator_kernel' must be 3 or 4", e.Message);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(8)]
    [InlineData(0)]
    public void VideoDownsamplingThatDoesNotFitTheClipIsRejected(int factor)
    {
        var config = Config("layered", 32, 8, 0) with { VideoDownsample = factor };
        var e = Assert.Throws<VidganException>(() => new GanModels(config, CPU));
        Assert.Contains("'model.video_downsample'", e.Message);
        Assert.Contains("from 1 to 4", e.Message);
    }

    [Theory]
    [InlineData("mocogan")]
    [InlineData("layered")]
    public void ContentAndMotionNoiseBothDriveTheFrames(string arch)
    {
        var config = Config(arch, 16, 8, 0);
        using var models = new GanModels(config, CPU);
        models.Generator.eval();
        using var _ = torch.no_grad();
        Assert.True(ModelRegistry.SeparatesMotion(config));
        int motionSize = ModelRegistry.NoiseDim(config) - config.ZDim;
        var z = torch.randn(1, ModelRegistry.NoiseDim(config));
        var otherMotion = z.clone();
        otherMotion.narrow(1, config.ZDim, motionSize).copy_(torch.randn(1, motionSize));
        var otherContent = z.clone();
        otherContent.narrow(1, 0, config.ZDim).copy_(torch.randn(1, config.ZDim));
        var a = models.Generator.Generate(z, null);
        Assert.Equal(ModelRegistry.NoiseDim(config), config.ZDim + 8 * MoCoGanGenerator.MotionNoise);
        Assert.False(torch.allclose(a, models.Generator.Generate(otherMotion, null)));
        Assert.False(torch.allclose(a, models.Generator.Generate(otherContent, null)));
        // Frames differ over time: motion is not constant.
        Assert.False(torch.allclose(a.select(2, 0), a.select(2, 7)));
    }

    [Theory]
    [MemberData(nameof(Configs))]
    public void NormalisationScalesStartNearOne(string arch, int size, int frames, int classes, string discriminator)
    {
        using var models = new GanModels(Config(arch, size, frames, classes, discriminator), CPU);
        var scales = models
            .Generator.named_parameters()
            .Where(p =>
                p.name.Contains("norm", StringComparison.OrdinalIgnoreCase)
                && p.name.EndsWith(".weight")
                && !p.name.Contains("shift")
            )
            .ToList();
        Assert.NotEmpty(scales);
        foreach (var (name, p) in scales)
            Assert.InRange(p.mean().item<float>(), 0.9f, 1.1f);
    }

    [Fact]
    public void LayeredGeneratorMovesOneRigidSprite()
    {
        var config = Config("layered", 16, 6, 0);
        using var models = new GanModels(config, CPU);
        models.Generator.eval();
        using var _ = torch.no_grad();
        var parameters = models.Generator.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        // Start at the centre, one pixel to the right per frame, no acceleration or zoom, black background.
        foreach (
            string head in new[]
            {
                "motion.startHead",
                "motion.velocityHead",
                "motion.accelerationHead",
                "motion.scaleHead",
                "background",
            }
        )
        {
            parameters[$"{head}.weight"].zero_();
            parameters[$"{head}.bias"].zero_();
        }
        parameters["motion.velocityHead.bias"][0] = 2.0f / config.Size;
        var clip = models.Generator.Generate(torch.randn(1, ModelRegistry.NoiseDim(config)), null)[0]; // 3, T, H, W
        var first = clip.select(1, 0);
        Assert.True(first.abs().sum().item<float>() > 0, "the sprite is empty");
        for (int t = 1; t < config.Frames; t++)
        {
            var expected = first.narrow(2, 0, config.Size - t);
            var moved = clip.select(1, t).narrow(2, t, config.Size - t);
            Assert.True(
                torch.allclose(moved, expected, rtol: 0, atol: 1e-4),
                $"frame {t} is not frame 0 moved {t} pixels right"
            );
        }
    }

    [Fact]
    public void LayeredPlainBackgroundIsOneColourPerClip()
    {
        Tensor Backgrounds(ModelConfig config)
        {
            using var models = new GanModels(config, CPU);
            var parameters = models.Generator.named_parameters().ToDictionary(p => p.name, p => p.parameter);
            using var _ = torch.no_grad();
            // An invisible sprite: every frame is the background alone.
            parameters["toLayers.weight"].zero_();
            parameters["toLayers.bias"].fill_(-30f);
            return models.Generator.Generate(torch.randn(2, ModelRegistry.NoiseDim(config)), null).flatten(2);
        }
        var config = Config("layered", 16, 4, 0);
        var plain = Backgrounds(config with { PlainBackground = true });
        Assert.True(plain.std(new long[] { 2 }).max().item<float>() < 1e-5, "a plain background varies in the frame");
        Assert.False(torch.allclose(plain[0].mean(new long[] { 1 }), plain[1].mean(new long[] { 1 })));
        Assert.True(Backgrounds(config).std(new long[] { 2 }).max().item<float>() > 1e-4, "the 4×4 picture is flat");
        Assert.Throws<VidganException>(() => (Config("resnet", 16, 4, 0) with { PlainBackground = true }).Validate());
    }

    [Fact]
    public void ASpriteCanvasTwiceTheFrameIsCroppedAtItsCentreAndTheLayeredModelStillDrawsFrameSizedClips()
    {
        var canvas = torch.arange(2 * 16 * 16, dtype: ScalarType.Float32).view(1, 2, 16, 16);
        var still = SpriteMotion.Warp(canvas, torch.zeros(1, 1, 2), torch.ones(1, 1), canvas: 2);
        Assert.Equal(new long[] { 1, 2, 8, 8 }, still.shape);
        Assert.True(torch.allclose(still, canvas.narrow(2, 4, 8).narrow(3, 4, 8), rtol: 0, atol: 1e-3));

        var config = Config("layered", 16, 4, 0) with { PlainBackground = true };
        using var frameSized = new GanModels(config, CPU);
        using var twice = new GanModels(config with { SpriteCanvas = 2 }, CPU);
        var z = torch.randn(2, ModelRegistry.NoiseDim(config));
        using (torch.no_grad())
            Assert.Equal(new long[] { 2, 3, 4, 16, 16 }, twice.Generator.Generate(z, null).shape);
        long Parameters(GanModels m) => m.Generator.parameters().Sum(p => p.numel());
        Assert.True(Parameters(twice) > Parameters(frameSized), "the wider canvas needs one more decoder level");

        var old = Json.Deserialize<ModelConfig>("""{ "architecture": "layered", "size": 16, "frames": 4 }""");
        Assert.Equal(1, old.SpriteCanvas);
        var resnet = Config("resnet", 16, 4, 0) with { SpriteCanvas = 2 };
        foreach (var wrong in new[] { config with { SpriteCanvas = 3 }, resnet })
            Assert.Contains("'model.sprite_canvas'", Assert.Throws<VidganException>(wrong.Validate).Message);
    }

    [Fact]
    public void AuxiliaryClassHeadsExistOnlyWhenAskedAndGetGradients()
    {
        var plain = Config("dcgan3d", 16, 8, 3);
        using (var without = new GanModels(plain, CPU))
            Assert.Null(without.VideoDiscriminator.ClassLogits(torch.randn(2, 256)));
        using var models = new GanModels(plain with { AuxClassifierWeight = 1 }, CPU);
        var clips = torch.randn(new long[] { 4, 3, 8, 16, 16 });
        var h = models.VideoDiscriminator.Features(clips);
        var logits = models.VideoDiscriminator.ClassLogits(h)!;
        Assert.Equal(new long[] { 4, 3 }, logits.shape);
        nn.functional.cross_entropy(logits, torch.tensor(new long[] { 0, 1, 2, 0 })).backward();
        foreach (
            var (name, p) in models
                .VideoDiscriminator.named_parameters()
                .Where(n => !n.name.StartsWith("head.projection") && !n.name.StartsWith("head.output"))
        )
            Assert.True(p.grad is not null && p.grad.abs().sum().item<float>() > 0, $"{name} has no gradient");
    }

    [Fact]
    public void EmaUpdateFollowsTheRule()
    {
        var config = Config("dcgan3d", 16, 8, 0);
        using var models = new GanModels(config, CPU);
        var (name, gParam) = models.Generator.named_parameters().First();
        var before = models.GeneratorEma.named_parameters().First(p => p.name == name).parameter.clone();
        using (torch.no_grad())
            gParam.add_(1.0);
        models.UpdateEma(0.9);
        var after = models.GeneratorEma.named_parameters().First(p => p.name == name).parameter;
        var expected = before * 0.9 + gParam.detach() * 0.1;
        Assert.True(torch.allclose(after, expected, rtol: 1e-5, atol: 1e-6));
    }

    [Fact]
    public void SizesThatAreNotPowersOfTwoAreRejected()
    {
        var e = Assert.Throws<VidganException>(() => new GanModels(Config("dcgan3d", 24, 8, 0), CPU));
        Assert.Contains("power of two", e.Message);
        Assert.Contains(
            "unknown architecture",
            Assert.Throws<VidganException>(() => new GanModels(Config("nope", 16, 8, 0), CPU)).Message
        );
    }
}
