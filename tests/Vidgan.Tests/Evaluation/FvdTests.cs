using TorchSharp;
using Vidgan.Evaluation;
using Vidgan.Tests.Support;
using static TorchSharp.torch;

namespace Vidgan.Tests.Evaluation;

/// <summary>The standard-FVD path with a hand-made TorchScript stand-in for I3D.</summary>
public class FvdTests
{
    [Fact]
    public void ClipsAreResizedTo224AndTheStandInSeesTheirColours()
    {
        using var temp = new TempDir();
        using var i3d = I3dFeatures.Load(TorchScriptStandIn.Write(temp["i3d.pt"]), CPU);
        // Frame t of channel c is the constant (c + 1) · t / 40 − 0.5: bilinear resizing keeps constants, so the
        // stand-in's mean colours are known exactly.
        var clips = torch.zeros(new long[] { 3, 3, 20, 32, 32 });
        for (int c = 0; c < 3; c++)
        for (int t = 0; t < 20; t++)
            clips[TensorIndex.Colon, c, t] = torch.tensor((c + 1) * t / 40f - 0.5f);
        var features = i3d.Features(clips, batch: 2);
        Assert.Equal(new long[] { 3, 400 }, features.shape);
        // Feature k is channel k / 144, frame (k % 144) % 16 (the first 16 frames only).
        foreach (int k in new[] { 0, 17, 150, 399 })
        {
            int c = k / 144,
                t = k % 144 % 16;
            Assert.Equal((c + 1) * t / 40.0 - 0.5, features[1, k].item<double>(), 5);
        }
    }

    [Fact]
    public void FrechetDistanceOfTheStandInFeaturesIsZeroForTheSameClipsAndGrowsWithAShift()
    {
        using var temp = new TempDir();
        using var i3d = I3dFeatures.Load(TorchScriptStandIn.Write(temp["i3d.pt"]), CPU);
        torch.manual_seed(1);
        var clips = torch.rand(new long[] { 24, 3, 16, 8, 8 }) * 2 - 1;
        var a = i3d.Features(clips);
        Assert.Equal(0, FrechetDistance.Compute(a, a), 6);
        Assert.True(FrechetDistance.Compute(a, i3d.Features((clips + 0.5).clamp(-1, 1))) > 1);
    }

    [Fact]
    public void MissingUnloadableAndWrongShapedNetworksAreClearErrors()
    {
        using var temp = new TempDir();
        Assert.Contains(
            "does not exist",
            Assert.Throws<VidganException>(() => I3dFeatures.Load(temp["none.pt"], CPU)).Message
        );
        File.WriteAllText(temp["text.pt"], "not a network");
        Assert.Contains(
            "is not a TorchScript module",
            Assert.Throws<VidganException>(() => I3dFeatures.Load(temp["text.pt"], CPU)).Message
        );
        using var ten = I3dFeatures.Load(
            TorchScriptStandIn.Write(temp["ten.pt"], "torch.slice(torch.flatten(x, 1), 1, 0, 10)"),
            CPU
        );
        var e = Assert.Throws<VidganException>(() => ten.Features(torch.zeros(new long[] { 2, 3, 16, 8, 8 })));
        Assert.Contains("returned shape [2, 10]", e.Message);
        using var good = I3dFeatures.Load(TorchScriptStandIn.Write(temp["good.pt"]), CPU);
        Assert.Contains(
            "16-frame clips",
            Assert.Throws<VidganException>(() => good.Features(torch.zeros(new long[] { 1, 3, 8, 8, 8 }))).Message
        );
    }
}
