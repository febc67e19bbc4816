using TorchSharp;
using Vidgan.Models;
using Vidgan.Util;
using static TorchSharp.torch;

namespace Vidgan.Tests.Models;

/// <summary>The residual discriminators (`--d-arch resnet`, the default for `--arch resnet`) and their block.</summary>
public class ResidualDiscriminatorTests
{
    [Theory]
    [InlineData(true, 8)]
    [InlineData(false, 3)]
    public void VideoBlockHalvesSpaceAndTimeWhenAsked(bool halveTime, int frames)
    {
        var block = ResidualDownBlock.Video(4, 6, halveTime, kernel: 4, spectral: true);
        var y = block.forward(torch.randn(new long[] { 2, 4, frames, 16, 16 }));
        Assert.Equal(new long[] { 2, 6, halveTime ? frames / 2 : frames, 8, 8 }, y.shape);
        Assert.Equal(
            new long[] { 5, 6, 8, 8 },
            ResidualDownBlock.Image(4, 6, kernel: 4, spectral: true).forward(torch.randn(5, 4, 16, 16)).shape
        );
    }

    [Fact]
    public void WithTheMainBranchSilencedTheBlockIsAveragePoolingThroughItsShortcut()
    {
        var block = ResidualDownBlock.Video(3, 3, halveTime: true, kernel: 4, spectral: false);
        var parameters = block.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        using (torch.no_grad())
        {
            foreach (var (name, p) in parameters)
                p.zero_();
            parameters["skip.weight"].copy_(torch.eye(3).view(3, 3, 1, 1, 1));
        }
        var x = torch.randn(new long[] { 1, 3, 4, 8, 8 });
        var expected = nn.functional.avg_pool3d(x, new long[] { 2, 2, 2 });
        Assert.True(torch.allclose(block.forward(x), expected, rtol: 0, atol: 1e-6));
        // And the main branch does add to it once it has weights.
        using (torch.no_grad())
            nn.init.normal_(parameters["down.weight"], 0, 0.5);
        using (torch.no_grad())
            nn.init.normal_(parameters["refine.weight"], 0, 0.5);
        using (torch.no_grad())
            nn.init.normal_(parameters["refineTime.weight"], 0, 0.5);
        Assert.False(torch.allclose(block.forward(x), expected, rtol: 0, atol: 1e-3));
    }

    [Fact]
    public void OnlyTheResnetKindHasResidualBlocksInBothDiscriminators()
    {
        var config = new ModelConfig
        {
            Size = 32,
            Frames = 16,
            DiscriminatorWidth = 8,
            Classes = new[] { "a", "b" },
        };
        using var plain = new GanModels(config with { Discriminator = DiscriminatorKind.Conv }, CPU);
        using var residual = new GanModels(config with { Discriminator = DiscriminatorKind.Resnet }, CPU);
        static int Blocks(nn.Module m) =>
            m.named_parameters().Count(p => p.name.Contains(".block") && p.name.EndsWith("skip.weight"));
        Assert.Equal((0, 0), (Blocks(plain.VideoDiscriminator), Blocks(plain.ImageDiscriminator)));
        Assert.Equal(
            (config.Levels - 1, config.Levels - 1),
            (Blocks(residual.VideoDiscriminator), Blocks(residual.ImageDiscriminator))
        );
        // Same input, same head: both kinds end in the same 4×4 grid and 256-d feature.
        var clips = torch.randn(new long[] { 2, 3, 16, 32, 32 });
        Assert.Equal(plain.VideoDiscriminator.Features(clips).shape, residual.VideoDiscriminator.Features(clips).shape);
    }

    [Fact]
    public void ResnetTrainsWithResidualDiscriminatorsByDefaultAndOldConfigsReadAsConv()
    {
        Assert.Equal(DiscriminatorKind.Resnet, ModelRegistry.DefaultDiscriminator("resnet"));
        foreach (string arch in new[] { "dcgan3d", "mocogan", "layered", "unet" })
            Assert.Equal(DiscriminatorKind.Conv, ModelRegistry.DefaultDiscriminator(arch));
        // A checkpoint header written before the choice existed has no "discriminator" key.
        var old = Json.Deserialize<ModelConfig>("""{ "architecture": "resnet", "size": 16, "frames": 8 }""");
        Assert.Equal(DiscriminatorKind.Conv, old.Discriminator);
        var settings = new System.Text.Json.Nodes.JsonObject
        {
            ["model"] = new System.Text.Json.Nodes.JsonObject { ["discriminator"] = "vit" },
        };
        var e = Assert.Throws<VidganException>(() => Vidgan.Runs.TrainSettings.ToConfig(settings));
        Assert.Equal(2, e.ExitCode);
        Assert.Contains("'model.discriminator' must be one of conv, resnet", e.Message);
    }
}
