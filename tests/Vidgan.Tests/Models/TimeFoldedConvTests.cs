using TorchSharp;
using Vidgan.Models;
using static TorchSharp.torch;

namespace Vidgan.Tests.Models;

/// <summary>A 3D convolution whose kernel is longer than the clip, run as a 2D convolution over the frames stacked
/// into channels, gives what the 3D convolution gives, forward and backward, and keeps channels-last.</summary>
public class TimeFoldedConvTests
{
    [Theory]
    // The residual video discriminator's last down-sampling convolution and its temporal refinement over 2 frames.
    [InlineData(2, 3, 4, 1, 2, 1, 1)]
    [InlineData(2, 3, 1, 1, 1, 1, 0)]
    // Stride in time, more frames than one output, no bias.
    [InlineData(3, 4, 3, 2, 1, 1, 1)]
    public void MatchesTheConvolutionInFloat64ForwardAndBackward(
        int frames,
        int taps,
        int spatial,
        int timeStride,
        int spaceStride,
        int timePadding,
        int spacePadding
    )
    {
        var random = new torch.Generator((ulong)(frames * 100 + taps * 10 + spatial));
        var x = torch.randn(new long[] { 2, 5, frames, 8, 8 }, ScalarType.Float64, generator: random);
        var weight = torch.randn(new long[] { 6, 5, taps, spatial, spatial }, ScalarType.Float64, generator: random);
        var bias = timeStride == 1 ? torch.randn(new long[] { 6 }, ScalarType.Float64, generator: random) : null;
        long[] stride = [timeStride, spaceStride, spaceStride],
            padding = [timePadding, spacePadding, spacePadding];

        var expected = Gradients(x, weight, bias, (i, w, b) => nn.functional.conv3d(i, w, b, stride, padding));
        var actual = Gradients(
            x,
            weight,
            bias,
            (i, w, b) => TimeFoldedConv.Run(ChannelsLast.Of(i), w, b, stride, padding, key: null)
        );

        Assert.Equal(expected.Length, actual.Length);
        Assert.Equal(expected[0].shape, actual[0].shape);
        for (int k = 0; k < expected.Length; k++)
        {
            double difference = (actual[k] - expected[k]).abs().max().item<double>();
            Assert.True(difference < 1e-10, $"tensor {k} off by {difference:E1}");
        }
        Assert.Equal(1, actual[0].stride(1));
    }

    [Fact]
    public void Bf16LayerOverTwoFramesFoldsOnceInAReuseScopeAndStaysNearFloat32()
    {
        torch.manual_seed(9);
        var layer = NormalizedLayer.Conv3d(16, 32, (3, 4), (1, 2), (1, 1), spectral: true);
        layer.eval();
        var x = torch.randn(new long[] { 4, 16, 2, 8, 8 });
        Tensor full;
        using (torch.no_grad())
            full = layer.call(x);
        layer.to(ScalarType.BFloat16);
        var half = x.to(ScalarType.BFloat16);

        Assert.True(TimeFoldedConv.Helps(half, layer.Weight, groups: 1));
        using var _ = torch.no_grad();
        using var reuse = DerivedWeights.Reuse();
        var first = layer.call(half);
        var second = layer.call(half);
        Assert.Equal(ScalarType.BFloat16, first.dtype);
        Assert.Equal(first, second);
        double difference = (first.to(ScalarType.Float32) - full).abs().max().item<float>();
        double scale = full.abs().max().item<float>();
        Assert.True(difference <= 0.03 * scale, $"off by {difference:E1} (largest {scale:E1})");
    }

    [Fact]
    public void OnlyBf16KernelsLongerThanTheClipAndNoWiderThanItsFramesAreFolded()
    {
        var weight = torch.zeros(new long[] { 8, 4, 3, 3, 3 }, ScalarType.BFloat16);
        var twoFrames = torch.zeros(new long[] { 1, 4, 2, 6, 6 }, ScalarType.BFloat16);

        Assert.True(TimeFoldedConv.Helps(twoFrames, weight, groups: 1));
        Assert.False(TimeFoldedConv.Helps(twoFrames.to(ScalarType.Float32), weight, groups: 1));
        Assert.False(TimeFoldedConv.Helps(torch.zeros(new long[] { 1, 4, 3, 6, 6 }, ScalarType.BFloat16), weight, 1));
        Assert.False(TimeFoldedConv.Helps(torch.zeros(new long[] { 1, 4, 2, 2, 6 }, ScalarType.BFloat16), weight, 1));
        Assert.False(TimeFoldedConv.Helps(twoFrames, weight, groups: 2));
    }

    static Tensor[] Gradients(Tensor x, Tensor weight, Tensor? bias, Func<Tensor, Tensor, Tensor?, Tensor> convolve)
    {
        var input = x.clone().requires_grad_(true);
        var w = weight.clone().requires_grad_(true);
        var b = bias?.clone().requires_grad_(true);
        var y = convolve(input, w, b);
        var upstream = torch.arange(y.numel(), dtype: ScalarType.Float64).view(y.shape).sin();
        (y * upstream).sum().backward();
        var results = new List<Tensor> { y.detach(), input.grad!.clone(), w.grad!.clone() };
        if (b is not null)
            results.Add(b.grad!.clone());
        return results.ToArray();
    }
}
