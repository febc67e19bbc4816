using TorchSharp;
using Vidgan.Models;
using static TorchSharp.torch;

namespace Vidgan.Tests.Models;

/// <summary>The residual generators' first convolution in each block, computed on the input before its nearest
/// up-sampling: the same numbers, forward and backward, as up-sampling and then convolving.</summary>
public class UpsamplingConvTests
{
    [Theory]
    [InlineData(false, 5, 7, 3, 4, 6)]
    [InlineData(true, 5, 7, 3, 4, 6)]
    [InlineData(false, 16, 8, 2, 1, 1)]
    [InlineData(true, 3, 16, 1, 5, 2)]
    public void MatchesUpSamplingThenConvolvingInFloat64(
        bool upTime,
        int inputs,
        int outputs,
        int frames,
        int height,
        int width
    )
    {
        torch.manual_seed(inputs * 31 + outputs);
        var layer = nn.Conv3d(inputs, outputs, kernel_size: (1, 3, 3), padding: (0, 1, 1));
        // A bias unlike zero, so that adding it once per phase is checked too.
        using (torch.no_grad())
            layer.bias!.normal_();
        layer.to(ScalarType.Float64);
        var conv = new UpsamplingConv(layer, upTime);
        var input = torch.randn(new long[] { 2, inputs, frames, height, width }, ScalarType.Float64);

        var (output, inputGrad, weightGrad, biasGrad) = Run(x => conv.call(x), layer, input);
        double[] scale = [upTime ? 2 : 1, 2, 2];
        var (expected, expectedInputGrad, expectedWeightGrad, expectedBiasGrad) = Run(
            x => layer.call(nn.functional.interpolate(x, scale_factor: scale, mode: InterpolationMode.Nearest)),
            layer,
            input
        );

        Assert.Equal(expected.shape, output.shape);
        AssertClose(expected, output, "output");
        AssertClose(expectedInputGrad, inputGrad, "input gradient");
        AssertClose(expectedWeightGrad, weightGrad, "weight gradient");
        AssertClose(expectedBiasGrad, biasGrad, "bias gradient");
    }

    [Fact]
    public void RefusesAKernelItCannotFold()
    {
        var wide = nn.Conv3d(4, 6, kernel_size: 3, padding: 1);
        var error = Assert.Throws<ArgumentException>(() => new UpsamplingConv(wide, upTime: false));
        Assert.Contains("1×3×3", error.Message);
    }

    [Fact]
    public void Bf16StaysWithinRoundingOfFloat32()
    {
        torch.manual_seed(12);
        var layer = nn.Conv3d(16, 8, kernel_size: (1, 3, 3), padding: (0, 1, 1));
        var conv = new UpsamplingConv(layer, upTime: true);
        var input = torch.randn(new long[] { 2, 16, 2, 8, 8 });
        using var _ = torch.no_grad();
        var full = conv.call(input);
        conv.to(ScalarType.BFloat16);
        var half = conv.call(input.to(ScalarType.BFloat16));
        Assert.Equal(ScalarType.BFloat16, half.dtype);
        double difference = (half.to(ScalarType.Float32) - full).abs().max().item<float>();
        double scale = full.abs().max().item<float>();
        Assert.True(difference <= 0.03 * scale, $"off by {difference:E1} (largest {scale:E1})");
    }

    static (Tensor Output, Tensor InputGrad, Tensor WeightGrad, Tensor BiasGrad) Run(
        Func<Tensor, Tensor> forward,
        nn.Module layer,
        Tensor input
    )
    {
        layer.zero_grad();
        var x = input.detach().requires_grad_(true);
        var y = forward(x);
        // A fixed, non-uniform upstream gradient, so that every output position weighs differently.
        var upstream = torch.linspace(-1, 1, y.numel(), dtype: y.dtype).view(y.shape);
        (y * upstream).sum().backward();
        var parameters = layer.parameters().ToArray();
        return (y.detach().contiguous(), x.grad!.clone(), parameters[0].grad!.clone(), parameters[1].grad!.clone());
    }

    static void AssertClose(Tensor expected, Tensor actual, string what)
    {
        var difference = (actual - expected).abs().max().item<double>();
        double scale = expected.abs().max().item<double>();
        Assert.True(difference <= 1e-10 * Math.Max(1, scale), $"{what}: off by {difference:E1} (largest {scale:E1})");
    }
}
