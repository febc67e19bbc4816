using TorchSharp;
using Vidgan.Models;
using static TorchSharp.torch;

namespace Vidgan.Tests.Models;

/// <summary>libtorch's bf16 weight gradient is wrong where a kernel is larger than its input (a 3×1×1 temporal
/// convolution over 2 frames); such layers must give float32's gradient.</summary>
public class ConvolutionPrecisionTests
{
    [Fact]
    public void KernelLargerThanInputIsDetectedAlongAnyAxis()
    {
        var weight = torch.zeros(new long[] { 8, 4, 3, 1, 1 });
        Assert.True(ConvolutionPrecision.KernelExceedsInput(torch.zeros(new long[] { 2, 4, 2, 4, 4 }), weight));
        Assert.False(ConvolutionPrecision.KernelExceedsInput(torch.zeros(new long[] { 2, 4, 3, 4, 4 }), weight));
        Assert.True(ConvolutionPrecision.KernelExceedsInput(torch.zeros(2, 4, 4, 4), torch.zeros(8, 4, 3, 5)));
    }

    [Fact]
    public void TemporalConvolutionOverTwoFramesGetsFloat32sWeightGradientInBf16()
    {
        torch.manual_seed(5);
        var layer = NormalizedLayer.Conv3d(16, 16, (3, 1), (1, 1), (1, 0), spectral: true);
        var input = torch.randn(new long[] { 4, 16, 2, 4, 4 });
        var upstream = torch.randn(new long[] { 4, 16, 2, 4, 4 });
        var expected = WeightGradient(layer, input, upstream);

        layer.to(ScalarType.BFloat16);
        for (int trial = 0; trial < 10; trial++)
        {
            // Leave freed buffers full of huge values where the allocator will hand them out again: the kernel that
            // reads outside its buffers picks them up.
            for (int j = 1; j <= 20; j++)
                torch.full(new long[] { 64 * j }, 1e30f, dtype: ScalarType.BFloat16).Dispose();
            var got = WeightGradient(layer, input.to(ScalarType.BFloat16), upstream.to(ScalarType.BFloat16));
            double error = (got - expected).abs().max().item<float>() / expected.abs().max().item<float>();
            Assert.True(error < 0.05, $"trial {trial}: relative error {error}");
        }
    }

    static Tensor WeightGradient(NormalizedLayer layer, Tensor input, Tensor upstream)
    {
        layer.eval();
        layer.zero_grad();
        layer.forward(input).backward(new[] { upstream });
        return layer.parameters().First().grad!.to(ScalarType.Float32).clone();
    }
}
