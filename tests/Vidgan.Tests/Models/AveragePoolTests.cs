using TorchSharp;
using Vidgan.Models;
using static TorchSharp.torch;

namespace Vidgan.Tests.Models;

/// <summary>bf16 pooling gives float32 pooling's windows rounded once, with gradients (through a float32 copy) and
/// without (a per-channel convolution), whatever the channel count and memory layout; float32 pools exactly as
/// avg_pool does.</summary>
public class AveragePoolTests
{
    [Theory]
    [InlineData(3, new long[] { 2, 2, 2 }, false)]
    [InlineData(32, new long[] { 2, 2, 2 }, true)]
    [InlineData(20, new long[] { 1, 2, 2 }, true)]
    [InlineData(3, new long[] { 1, 2, 2 }, false)]
    [InlineData(3, new long[] { 2, 2 }, false)]
    [InlineData(48, new long[] { 2, 2 }, true)]
    public void Bf16MatchesFloat64PoolingWithinOneRounding(int channels, long[] window, bool channelsLast)
    {
        var random = new torch.Generator((ulong)(channels * 10 + window.Length));
        long[] shape = window.Length == 2 ? [4, channels, 10, 6] : [2, channels, 4, 10, 6];
        var x = torch.randn(shape, ScalarType.Float64, generator: random);
        var upstream = torch.randn(Pooled(shape, window), ScalarType.Float64, generator: random);

        var (expected, expectedGradient) = PoolWithGradient(x, window, upstream, Reference);
        var half = x.to(ScalarType.BFloat16);
        var (actual, actualGradient) = PoolWithGradient(
            channelsLast ? ChannelsLast.Of(half) : half,
            window,
            upstream.to(ScalarType.BFloat16),
            AveragePool.Of
        );

        Assert.Equal(ScalarType.BFloat16, actual.dtype);
        Assert.Equal(expected.shape, actual.shape);
        // The input itself was rounded to bf16: its windows' means stay within a few bf16 steps of float64's.
        Assert.True(Within(actual, expected, 0.02), "forward");
        Assert.True(Within(actualGradient, expectedGradient, 0.01), "input gradient");

        Tensor withoutGradients;
        using (torch.no_grad())
            withoutGradients = AveragePool.Of(channelsLast ? ChannelsLast.Of(half) : half, window);
        Assert.Equal(ScalarType.BFloat16, withoutGradients.dtype);
        Assert.Equal(expected.shape, withoutGradients.shape);
        Assert.True(Within(withoutGradients, expected, 0.02), "without gradients");
        // Both sum each window in float32 and round once: at most one bf16 step (2^-8 relative) apart.
        var step = actual.to(ScalarType.Float64).abs() * Math.Pow(2, -8) + 1e-30;
        Assert.True(
            ((withoutGradients.to(ScalarType.Float64) - actual.to(ScalarType.Float64)).abs() <= step).all().item<bool>()
        );
    }

    [Fact]
    public void Float32PoolsAsAvgPoolDoes()
    {
        var x = torch.randn(new long[] { 2, 5, 4, 8, 8 });
        Assert.Equal(nn.functional.avg_pool3d(x, new long[] { 2, 2, 2 }), AveragePool.Of(x, [2, 2, 2]));
    }

    static Tensor Reference(Tensor x, long[] window) =>
        window.Length == 2 ? nn.functional.avg_pool2d(x, window) : nn.functional.avg_pool3d(x, window);

    static (Tensor Output, Tensor InputGradient) PoolWithGradient(
        Tensor x,
        long[] window,
        Tensor upstream,
        Func<Tensor, long[], Tensor> pool
    )
    {
        var input = x.detach().requires_grad_(true);
        var y = pool(input, window);
        y.backward([upstream]);
        return (y.detach(), input.grad!.detach());
    }

    static long[] Pooled(long[] shape, long[] window) =>
        shape.Select((size, axis) => axis < 2 ? size : size / window[axis - 2]).ToArray();

    static bool Within(Tensor actual, Tensor expected, double tolerance) =>
        (actual.to(ScalarType.Float64) - expected).abs().max().item<double>()
        <= tolerance * expected.abs().max().item<double>();
}
