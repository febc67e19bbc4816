using TorchSharp;
using Vidgan.Models;
using static TorchSharp.torch;

namespace Vidgan.Tests.Models;

/// <summary>Kernel taps that only ever meet the zero padding are dropped without changing a convolution's output or
/// the gradients of the taps that remain.</summary>
public class PaddingOnlyTapsTests
{
    [Theory]
    // A 3-frame temporal kernel over one frame: the middle tap alone.
    [InlineData(1, 3, 1, 1, 1, 1, 0)]
    // A 4-frame kernel at stride 2 over 2 frames: the middle two taps.
    [InlineData(2, 4, 2, 1, 2, 1, 0)]
    // Every tap meets input somewhere: nothing dropped.
    [InlineData(2, 3, 1, 1, 3, 0, 1)]
    [InlineData(8, 3, 1, 1, 3, 0, 1)]
    // Dropping would need more padding on one side than on the other: kept whole.
    [InlineData(2, 3, 1, 2, 3, 0, 2)]
    public void KeepsOnlyTheTapsThatMeetInput(
        int size,
        int kernel,
        int stride,
        int padding,
        int keptTaps,
        int firstKept,
        int newPadding
    )
    {
        var weight = torch.arange(4 * 2 * kernel, dtype: ScalarType.Float64).view(4, 2, kernel, 1, 1);
        var (trimmed, pad) = PaddingOnlyTaps.Trim([3, 2, size, 5, 5], weight, [stride, 1, 1], [padding, 0, 0]);

        Assert.Equal(new long[] { 4, 2, keptTaps, 1, 1 }, trimmed.shape);
        Assert.Equal(new long[] { newPadding, 0, 0 }, pad);
        Assert.Equal(weight.narrow(2, firstKept, keptTaps), trimmed);
    }

    [Fact]
    public void TrimsEveryAxisOfA2dKernelOverAOnePixelInput()
    {
        var weight = torch.ones(new long[] { 4, 2, 3, 3 });
        var (trimmed, pad) = PaddingOnlyTaps.Trim([1, 2, 1, 1], weight, [1], [1]);

        Assert.Equal(new long[] { 4, 2, 1, 1 }, trimmed.shape);
        Assert.Equal(new long[] { 0, 0 }, pad);
    }

    [Theory]
    [InlineData(1, 3, 1, 1)]
    [InlineData(2, 4, 2, 1)]
    [InlineData(3, 5, 1, 2)]
    public void TheTrimmedConvolutionGivesTheSameOutputAndGradientsInFloat64(
        int frames,
        int kernel,
        int stride,
        int padding
    )
    {
        var random = new torch.Generator((ulong)(frames * 10 + kernel));
        var x = torch.randn(new long[] { 2, 3, frames, 6, 6 }, ScalarType.Float64, generator: random);
        var weight = torch.randn(new long[] { 4, 3, kernel, 3, 3 }, ScalarType.Float64, generator: random);
        long[] strides = [stride, 1, 1],
            paddings = [padding, 1, 1];

        var (expected, expectedInput, expectedWeight) = Convolve(x, weight, w => (w, paddings), strides);
        var (actual, actualInput, actualWeight) = Convolve(
            x,
            weight,
            w => PaddingOnlyTaps.Trim(x.shape, w, strides, paddings),
            strides
        );

        Assert.Equal(expected.shape, actual.shape);
        Assert.True((actual - expected).abs().max().item<double>() < 1e-10);
        Assert.True((actualInput - expectedInput).abs().max().item<double>() < 1e-10);
        Assert.True((actualWeight - expectedWeight).abs().max().item<double>() < 1e-10);
        Assert.True(expectedWeight.abs().sum().item<double>() > 0);
    }

    [Fact]
    public void LayersOverOneFrameGiveWithoutGradientsWhatTheyGiveWithThem()
    {
        torch.manual_seed(3);
        var plain = ChannelsLastConv.From(nn.Conv3d(8, 8, (3, 1, 1), padding: (1, 0, 0)));
        var normalized = NormalizedLayer.Conv3d(8, 8, (3, 3), (1, 1), (1, 1), spectral: true);
        normalized.eval();
        var x = torch.randn(new long[] { 2, 8, 1, 5, 5 });
        foreach (var layer in new nn.Module<Tensor, Tensor>[] { plain, normalized })
        {
            var withGradients = layer.call(x).detach();
            Tensor without;
            using (torch.no_grad())
                without = layer.call(x);
            double difference = (without - withGradients).abs().max().item<float>();
            Assert.True(difference <= 1e-5 * withGradients.abs().max().item<float>(), $"off by {difference:E1}");
        }
    }

    static (Tensor Output, Tensor InputGradient, Tensor WeightGradient) Convolve(
        Tensor x,
        Tensor weight,
        Func<Tensor, (Tensor, long[])> trim,
        long[] strides
    )
    {
        var input = x.clone().requires_grad_(true);
        var w = weight.clone().requires_grad_(true);
        var (kernel, pad) = trim(w);
        var y = nn.functional.conv3d(input, kernel, strides: strides, padding: pad);
        // A fixed weighting of the outputs, so that every output's gradient differs.
        var upstream = torch.arange(y.numel(), dtype: ScalarType.Float64).view(y.shape).cos();
        (y * upstream).sum().backward();
        return (y.detach(), input.grad!.clone(), w.grad!.clone());
    }
}
