using TorchSharp;
using Vidgan.Models;
using Vidgan.Util;
using static TorchSharp.torch;

namespace Vidgan.Tests.Models;

/// <summary>The low-pass filter after the mocogan decoder's transposed convolutions, and its setting.</summary>
public class SmoothUpsamplingTests
{
    [Fact]
    public void TheFilterRemovesACheckerboardAndKeepsSmoothPictures()
    {
        using var blur = new Blur2d(2);
        var rows = torch.arange(8).view(8, 1);
        var columns = torch.arange(8).view(1, 8);
        var checkerboard = (rows + columns).remainder(2).mul(2).sub(1).to_type(ScalarType.Float32);
        var ramp = columns.to_type(ScalarType.Float32).expand(8, 8).div(7);
        var pictures = torch.stack(new[] { checkerboard, ramp }).unsqueeze(0); // 1, 2, 8, 8

        var smoothed = blur.forward(pictures);

        Assert.Equal(pictures.shape, smoothed.shape);
        var inside = smoothed.narrow(2, 1, 6).narrow(3, 1, 6);
        Assert.True(inside.select(1, 0).abs().max().item<float>() < 1e-6, "the checkerboard is gone");
        var rampInside = pictures.narrow(2, 1, 6).narrow(3, 1, 6).select(1, 1);
        Assert.True(inside.select(1, 1).allclose(rampInside, atol: 1e-6), "a linear ramp passes unchanged");
        Assert.Empty(blur.state_dict());
    }

    [Fact]
    public void MocoganWithSmoothingDrawsClipsAndEveryWeightLearns()
    {
        var config = new ModelConfig
        {
            Architecture = "mocogan",
            Size = 16,
            Frames = 4,
            ZDim = 16,
            GeneratorWidth = 8,
            SmoothUpsampling = true,
        };
        config.Validate();
        using var plain = new GanModels(config with { SmoothUpsampling = false }, CPU);
        using var smooth = new GanModels(config, CPU);
        Assert.Equal(plain.Generator.state_dict().Keys.Order(), smooth.Generator.state_dict().Keys.Order());
        var z = torch.randn(2, ModelRegistry.NoiseDim(config));
        var clips = smooth.Generator.Generate(z, null);
        Assert.Equal(new long[] { 2, 3, 4, 16, 16 }, clips.shape);
        clips.square().mean().backward();
        foreach (var (name, p) in smooth.Generator.named_parameters())
            Assert.True(p.grad is not null && p.grad.abs().sum().item<float>() > 0, $"{name} has no gradient");
    }

    [Fact]
    public void OldConfigsReadWithoutSmoothingAndOtherModelsRefuseIt()
    {
        var old = Json.Deserialize<ModelConfig>("""{ "architecture": "mocogan", "size": 16, "frames": 8 }""");
        Assert.False(old.SmoothUpsampling);
        var e = Assert.Throws<VidganException>(() =>
            new ModelConfig { Architecture = "resnet", SmoothUpsampling = true }.Validate()
        );
        Assert.Equal(2, e.ExitCode);
        Assert.Contains("'model.smooth_upsampling' applies to the mocogan frame decoder only", e.Message);
    }
}
