using TorchSharp;
using Vidgan.Models;
using Vidgan.Util;
using static TorchSharp.torch;

namespace Vidgan.Tests.Models;

/// <summary>The mocogan frame decoder's ways of up-sampling: the low-pass filter after its transposed convolutions,
/// resize-convolutions, and the setting.</summary>
public class UpsamplingTests
{
    static readonly ModelConfig Tiny = new()
    {
        Architecture = "mocogan",
        Size = 16,
        Frames = 4,
        ZDim = 16,
        GeneratorWidth = 8,
    };

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

    [Theory]
    [InlineData(Upsampling.Smooth)]
    [InlineData(Upsampling.Resize)]
    public void MocoganDrawsClipsAndEveryWeightLearns(Upsampling upsampling)
    {
        var config = Tiny with { Upsampling = upsampling };
        config.Validate();
        using var models = new GanModels(config, CPU);
        var z = torch.randn(2, ModelRegistry.NoiseDim(config));
        var clips = models.Generator.Generate(z, null);
        Assert.Equal(new long[] { 2, 3, 4, 16, 16 }, clips.shape);
        clips.square().mean().backward();
        foreach (var (name, p) in models.Generator.named_parameters())
            Assert.True(p.grad is not null && p.grad.abs().sum().item<float>() > 0, $"{name} has no gradient");
    }

    [Fact]
    public void SmoothingAddsNoWeightsAndResizingSwapsEachTransposedConvolutionForASmallerOne()
    {
        using var transposed = new GanModels(Tiny, CPU);
        using var smooth = new GanModels(Tiny with { Upsampling = Upsampling.Smooth }, CPU);
        using var resize = new GanModels(Tiny with { Upsampling = Upsampling.Resize }, CPU);
        var shapes = transposed.Generator.state_dict().ToDictionary(p => p.Key, p => p.Value.shape);
        Assert.Equal(shapes.Keys.Order(), smooth.Generator.state_dict().Keys.Order());
        var resized = resize.Generator.state_dict().ToDictionary(p => p.Key, p => p.Value.shape);
        Assert.Equal(shapes.Keys.Order(), resized.Keys.Order());
        var up = shapes.Keys.Where(k => k.Contains(".up") && k.EndsWith(".weight")).ToList();
        Assert.NotEmpty(up);
        foreach (string key in up)
        {
            // ConvTranspose2d weights are (in, out, 4, 4); Conv2d weights (out, in, 3, 3).
            Assert.Equal([shapes[key][1], shapes[key][0], 3, 3], resized[key]);
        }
    }

    [Fact]
    public void OldConfigsReadAsTransposedAndOtherModelsRefuseTheChoice()
    {
        var old = Json.Deserialize<ModelConfig>("""{ "architecture": "mocogan", "size": 16, "frames": 8 }""");
        Assert.Equal(Upsampling.Transposed, old.Upsampling);
        var resize = Json.Deserialize<ModelConfig>("""{ "architecture": "mocogan", "upsampling": "resize" }""");
        Assert.Equal(Upsampling.Resize, resize.Upsampling);
        var e = Assert.Throws<VidganException>(() =>
            new ModelConfig { Architecture = "resnet", Upsampling = Upsampling.Smooth }.Validate()
        );
        Assert.Equal(2, e.ExitCode);
        Assert.Contains("'model.upsampling' applies to the mocogan frame decoder only", e.Message);
    }
}
