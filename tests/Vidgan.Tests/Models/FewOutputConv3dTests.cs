using TorchSharp;
using Vidgan.Models;
using static TorchSharp.torch;

namespace Vidgan.Tests.Models;

/// <summary>The RGB layers' quicker path without gradients: a 2D convolution per time tap, then the taps summed over
/// time, gives what the 3D convolution gives.</summary>
public class FewOutputConv3dTests
{
    [Theory]
    [InlineData(3, 3, 3, 1, 1, 5, true)]
    [InlineData(3, 3, 3, 1, 1, 1, true)]
    [InlineData(1, 3, 1, 1, 0, 4, false)]
    [InlineData(4, 2, 3, 0, 1, 3, true)]
    [InlineData(2, 5, 3, 2, 1, 6, false)]
    public void MatchesTheConvolutionInFloat64(
        int outputs,
        int taps,
        int spatial,
        int timePadding,
        int spacePadding,
        int frames,
        bool withBias
    )
    {
        var random = new torch.Generator((ulong)(outputs * 100 + taps * 10 + frames));
        var x = torch.randn(new long[] { 2, 6, frames, 7, 5 }, ScalarType.Float64, generator: random);
        var weight = torch.randn(
            new long[] { outputs, 6, taps, spatial, spatial },
            ScalarType.Float64,
            generator: random
        );
        var bias = withBias ? torch.randn(new long[] { outputs }, ScalarType.Float64, generator: random) : null;
        long[] padding = [timePadding, spacePadding, spacePadding];

        var expected = nn.functional.conv3d(x, weight, bias, padding: padding);
        var actual = FewOutputConv3d.Run(ChannelsLast.Of(x), weight, bias, padding);

        Assert.Equal(expected.shape, actual.shape);
        double difference = (actual - expected).abs().max().item<double>();
        Assert.True(difference < 1e-10, $"off by {difference:E1}");
    }

    [Fact]
    public void TheLayerTakesItWithoutGradientsAndKeepsChannelsLast()
    {
        torch.manual_seed(5);
        var layer = ChannelsLastConv.From(nn.Conv3d(16, 3, kernel_size: 3, padding: 1));
        var x = torch.randn(new long[] { 2, 16, 4, 8, 8 });
        var withGradients = layer.call(x).detach();
        Tensor without;
        using (torch.no_grad())
            without = layer.call(x);

        Assert.Equal(withGradients.shape, without.shape);
        Assert.Equal(1, without.stride(1));
        double difference = (without - withGradients).abs().max().item<float>();
        double scale = withGradients.abs().max().item<float>();
        Assert.True(difference <= 1e-5 * scale, $"off by {difference:E1} (largest {scale:E1})");
    }

    [Fact]
    public void Bf16StaysWithinRoundingOfFloat32()
    {
        var random = new torch.Generator(21);
        var x = ChannelsLast.Of(torch.randn(new long[] { 2, 16, 6, 16, 16 }, generator: random));
        var weight = torch.randn(new long[] { 3, 16, 3, 3, 3 }, generator: random) * 0.05;
        var bias = torch.randn(new long[] { 3 }, generator: random) * 0.1;
        long[] padding = [1, 1, 1];
        var full = nn.functional.conv3d(x, weight, bias, padding: padding);
        var half = FewOutputConv3d.Run(
            ChannelsLast.Of(x.to(ScalarType.BFloat16)),
            weight.to(ScalarType.BFloat16),
            bias.to(ScalarType.BFloat16),
            padding
        );

        Assert.Equal(ScalarType.BFloat16, half.dtype);
        double difference = (half.to(ScalarType.Float32) - full).abs().max().item<float>();
        double scale = full.abs().max().item<float>();
        Assert.True(difference <= 0.03 * scale, $"off by {difference:E1} (largest {scale:E1})");
    }

    [Theory]
    [InlineData(3, 3, 1, 1, false, true)]
    [InlineData(16, 3, 1, 1, false, false)]
    [InlineData(3, 1, 1, 1, false, false)]
    [InlineData(3, 3, 2, 1, false, false)]
    [InlineData(3, 3, 1, 2, false, false)]
    [InlineData(3, 3, 1, 1, true, false)]
    public void FitsOnlyPlainConvolutionsWithFewOutputsAndTimeTaps(
        int outputs,
        int taps,
        int stride,
        int groups,
        bool transposed,
        bool fits
    )
    {
        var weight = torch.zeros(new long[] { outputs, 4, taps, 3, 3 });
        Assert.Equal(fits, FewOutputConv3d.Fits(weight, [stride, 1, 1], [1, 1, 1], [1, 1, 1], groups, transposed));
    }
}
