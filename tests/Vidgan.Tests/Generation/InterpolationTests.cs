using TorchSharp;
using Vidgan.Generation;
using Vidgan.Models;
using static TorchSharp.torch;

namespace Vidgan.Tests.Generation;

public class InterpolationTests
{
    static ModelConfig Config(string arch) =>
        new()
        {
            Architecture = arch,
            Size = 16,
            Frames = 8,
            ZDim = 16,
        };

    [Fact]
    public void PathStartsAndEndsAtTheTwoSeeds()
    {
        var config = Config("dcgan3d");
        var path = Interpolation.Path(config, 5, new InterpolationOptions(9, 4));
        var ends = ClipSampler.Noise(new long[] { 5, 9 }, ModelRegistry.NoiseDim(config), CPU);
        Assert.Equal(new long[] { 4, 16 }, path.shape);
        Assert.True(torch.allclose(path[0], ends[0], atol: 1e-5));
        Assert.True(torch.allclose(path[3], ends[1], atol: 1e-5));
    }

    [Fact]
    public void SlerpKeepsTheNormBetweenOrthogonalUnitVectors()
    {
        var a = torch.tensor(new[] { 1f, 0f });
        var b = torch.tensor(new[] { 0f, 1f });
        var mid = Interpolation.Slerp(a, b, 0.5);
        Assert.Equal(1.0, mid.norm().item<float>(), 5);
        Assert.Equal(Math.Sqrt(0.5), mid[0].item<float>(), 5);
    }

    [Fact]
    public void MoCoGanPartsMoveOnlyTheirOwnNoise()
    {
        var config = Config("mocogan");
        int size = ModelRegistry.NoiseDim(config);
        var content = Interpolation.Path(config, 1, new InterpolationOptions(2, 3, InterpolationPart.Content));
        var motion = Interpolation.Path(config, 1, new InterpolationOptions(2, 3, InterpolationPart.Motion));
        // Content walk: motion noise stays the first seed's; motion walk: content stays.
        Assert.True(torch.allclose(content[2].narrow(0, 16, size - 16), content[0].narrow(0, 16, size - 16)));
        Assert.False(torch.allclose(content[2].narrow(0, 0, 16), content[0].narrow(0, 0, 16)));
        Assert.True(torch.allclose(motion[2].narrow(0, 0, 16), motion[0].narrow(0, 0, 16)));
        Assert.False(torch.allclose(motion[2].narrow(0, 16, size - 16), motion[0].narrow(0, 16, size - 16)));
    }

    [Fact]
    public void PartsNeedAModelThatSeparatesThem()
    {
        var e = Assert.Throws<VidganException>(() =>
            Interpolation.Path(Config("dcgan3d"), 1, new InterpolationOptions(2, 3, InterpolationPart.Motion))
        );
        Assert.Contains("needs a model with separate content and motion", e.Message);
        Assert.Throws<VidganException>(() => Interpolation.Path(Config("dcgan3d"), 1, new InterpolationOptions(2, 1)));
    }
}
