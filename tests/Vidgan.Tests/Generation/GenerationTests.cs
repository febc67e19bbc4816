using TorchSharp;
using Vidgan.Generation;
using Vidgan.Models;
using Vidgan.Tests.Support;
using static TorchSharp.torch;

namespace Vidgan.Tests.Generation;

public class GenerationTests
{
    static readonly ModelConfig Config = new()
    {
        Size = 16,
        Frames = 8,
        ZDim = 16,
        GeneratorWidth = 8,
        DiscriminatorWidth = 8,
        Classes = new[] { "a", "b" },
        ImageFrames = 2,
    };

    [Fact]
    public void SameSeedSameClipWhateverTheBatch()
    {
        torch.manual_seed(5);
        using var models = new GanModels(Config, CPU);
        var alone = ClipSampler.Sample(models.GeneratorEma, Config, CPU, new long[] { 42 }, new[] { 1 });
        var together = ClipSampler.Sample(models.GeneratorEma, Config, CPU, new long[] { 7, 42, 9 }, new[] { 0, 1, 0 });
        Assert.True(torch.allclose(alone[0], together[1], rtol: 1e-4, atol: 1e-5));
        Assert.False(torch.allclose(together[0], together[2]));
        var again = ClipSampler.Sample(models.GeneratorEma, Config, CPU, new long[] { 7, 42, 9 }, new[] { 0, 1, 0 });
        Assert.True(torch.allclose(together, again, rtol: 0, atol: 0));
        var oneByOne = ClipSampler.Sample(
            models.GeneratorEma,
            Config,
            CPU,
            new long[] { 7, 42, 9 },
            new[] { 0, 1, 0 },
            batch: 1
        );
        Assert.True(torch.allclose(together, oneByOne, rtol: 1e-4, atol: 1e-5));
    }

    [Fact]
    public void SamplingFromNoNoiseRowsIsAnArgumentError()
    {
        using var models = new GanModels(Config, CPU);
        using var none = torch.zeros(0, ModelRegistry.NoiseDim(Config));
        var error = Assert.Throws<ArgumentException>(() =>
            ClipSampler.SampleNoise(models.GeneratorEma, Config, CPU, none, Array.Empty<int>())
        );
        Assert.Contains("no noise row", error.Message);
    }

    [Fact]
    public void OnTheCpuABatchHoldsAFixedNumberOfPixels()
    {
        Assert.Equal(8, ClipSampler.BatchSize(16, 32, 32, CPU));
        Assert.Equal(2, ClipSampler.BatchSize(16, 64, 64, CPU));
        Assert.Equal(1, ClipSampler.BatchSize(16, 256, 256, CPU));
        Assert.Equal(ClipSampler.MaxBatchSize, ClipSampler.BatchSize(8, 16, 16, CPU));
        Assert.Equal(ClipSampler.MaxBatchSize, ClipSampler.BatchSize(16, 256, 256, new Device(DeviceType.CUDA)));
    }

    [Fact]
    public void TruncationBoundsTheNoiseAndKeepsSeedsDeterministic()
    {
        var plain = ClipSampler.Noise(new long[] { 3, 4 }, 512, CPU);
        var truncated = ClipSampler.Noise(new long[] { 3, 4 }, 512, CPU, truncation: 0.5);
        Assert.True(plain.abs().max().item<float>() > 2);
        Assert.True(truncated.abs().max().item<float>() <= 0.5f);
        Assert.True(
            torch.allclose(
                truncated,
                ClipSampler.Noise(new long[] { 3, 4 }, 512, CPU, truncation: 0.5),
                rtol: 0,
                atol: 0
            )
        );
        // Values already inside the bound are kept as they were.
        var inside = plain.abs().le(0.5);
        Assert.True(torch.allclose(plain.masked_select(inside), truncated.masked_select(inside)));
        Assert.Throws<VidganException>(() => ClipSampler.Noise(new long[] { 1 }, 4, CPU, truncation: 0));
    }

    [Fact]
    public void ScoresAreProbabilitiesAndNearestDistanceFindsACopy()
    {
        using var models = new GanModels(Config, CPU);
        var clips = ClipSampler.Sample(models.GeneratorEma, Config, CPU, new long[] { 1, 2 }, new[] { 0, 1 });
        var scores = Scoring.DiscriminatorScores(models, clips, new[] { 0, 1 });
        // The documented score, computed here from the two discriminators: mean of the video probability and of the
        // image discriminator's probabilities over 2 of the 8 frames (as many as it judges in training), spread evenly.
        Assert.Equal(2, Config.ImageFrames);
        Assert.Equal(new long[] { 0, 7 }, Scoring.EvenlySpaced(8, 2).data<long>().ToArray());
        Assert.Equal(new long[] { 0, 2, 5, 7 }, Scoring.EvenlySpaced(8, 4).data<long>().ToArray());
        Assert.Equal(new long[] { 0, 1, 2 }, Scoring.EvenlySpaced(3, 4).data<long>().ToArray());
        var y = torch.tensor(new long[] { 0, 1 });
        var video = torch.sigmoid(models.VideoDiscriminator.forward(clips, y));
        var (frames, frameClasses) = ImageDiscriminator.SampleFrames(clips, y, torch.tensor(new long[] { 0, 7 }));
        var image = torch
            .sigmoid(models.ImageDiscriminator.forward(frames, frameClasses))
            .view(2, 2)
            .mean(new long[] { 1 });
        var expected = ((video + image) / 2).data<float>().ToArray();
        Assert.Equal(expected[0], scores[0], 5);
        Assert.Equal(expected[1], scores[1], 5);
        // Reference set: the first clip itself (as bytes) and a black clip.
        var bytes = ReferenceBytes.Of(clips);
        var reference = torch.cat(new[] { bytes.narrow(0, 0, 1), torch.zeros_like(bytes.narrow(0, 0, 1)) }, 0);
        var d = Scoring.NearestDistances(clips, reference);
        Assert.True(d[0] < 0.003, $"copy distance {d[0]}");
        Assert.True(d[1] > d[0]);
    }

    [Theory]
    [InlineData("dcgan3d")]
    [InlineData("resnet")]
    [InlineData("mocogan")]
    [InlineData("layered")]
    public void Bf16SamplingAndScoringStayWithinRoundingOfFloat32(string architecture)
    {
        var config = Config with { Architecture = architecture };
        long[] seeds = { 3, 4 };
        int[] classes = { 0, 1 };
        torch.manual_seed(5);
        using var models = new GanModels(config, CPU);
        var exact = ClipSampler.Sample(models.GeneratorEma, config, CPU, seeds, classes);
        var exactScores = Scoring.DiscriminatorScores(models, exact, classes);

        models.CastForInference(ScalarType.BFloat16);
        var rounded = ClipSampler.Sample(models.GeneratorEma, config, CPU, seeds, classes);
        var roundedScores = Scoring.DiscriminatorScores(models, exact, classes);

        Assert.Equal(ScalarType.BFloat16, rounded.dtype);
        Assert.Equal(exact.shape, rounded.shape);
        double diff = (rounded.to(ScalarType.Float32) - exact).abs().max().item<float>();
        Assert.True(diff is > 0 and < 0.1, $"largest difference {diff}");
        for (int i = 0; i < seeds.Length; i++)
            Assert.InRange(Math.Abs(roundedScores[i] - exactScores[i]), 0, 0.05);
    }
}
