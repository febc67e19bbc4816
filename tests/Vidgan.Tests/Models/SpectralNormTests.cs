using TorchSharp;
using Vidgan.Models;
using Vidgan.Training;
using static TorchSharp.torch;

namespace Vidgan.Tests.Models;

public class SpectralNormTests
{
    [Fact]
    public void PowerIterationConvergesToTheLargestSingularValue()
    {
        torch.manual_seed(3);
        var weight = torch.randn(16, 4, 3, 3); // a conv weight: viewed as 16 × 36
        var u = nn.functional.normalize(torch.randn(16), dim: 0);
        var normalized = SpectralNorm.Normalize(weight, u, update: true, iterations: 100);
        double largest = torch.linalg.svdvals(weight.view(16, -1))[0].item<float>();
        Assert.Equal(largest, SpectralNorm.Sigma(weight, u), 3);
        Assert.Equal(1.0, torch.linalg.svdvals(normalized.view(16, -1))[0].item<float>(), 3);
    }

    [Fact]
    public void OneIterationPerStepTracksTheWeightAsItTrains()
    {
        torch.manual_seed(4);
        var layer = NormalizedLayer.Linear(20, 10, spectral: true);
        var x = torch.randn(5, 20);
        for (int i = 0; i < 30; i++)
            layer.forward(x);
        double exact = torch.linalg.svdvals(layer.Weight)[0].item<float>();
        Assert.InRange(SpectralNorm.Sigma(layer.Weight, layer.U), exact * 0.97, exact * 1.0001);
        // In eval mode the estimate is frozen: u does not move.
        layer.eval();
        var before = layer.U.clone();
        layer.forward(x);
        Assert.True(torch.allclose(before, layer.U, rtol: 0, atol: 0));
    }

    [Fact]
    public void RunningTwiceBeforeBackwardKeepsGradientsValid()
    {
        var layer = NormalizedLayer.Conv2d(3, 4, 3, 1, 1, spectral: true);
        var a = layer.forward(torch.randn(2, 3, 8, 8)).sum();
        var b = layer.forward(torch.randn(2, 3, 8, 8)).sum();
        (a + b).backward();
        Assert.True(layer.Weight.grad!.abs().sum().item<float>() > 0);
    }

    [Fact]
    public void ModeSeekingIsSmallerWhenDifferentNoiseGivesMoreDifferentClips()
    {
        var zA = torch.zeros(4, 8);
        var zB = torch.ones(4, 8);
        var same = Losses.ModeSeeking(torch.zeros(4, 3), torch.full(4, 3, 0.1f), zA, zB).item<float>();
        var diverse = Losses.ModeSeeking(torch.zeros(4, 3), torch.full(4, 3, 0.9f), zA, zB).item<float>();
        Assert.Equal(10.0, same, 2);
        Assert.True(diverse < same);
    }
}
