using TorchSharp;
using Vidgan.Models;
using static TorchSharp.torch;

namespace Vidgan.Tests.Models;

/// <summary>The convolution every Vidgan network uses: same parameters as TorchSharp's layer, and results that match
/// float64 whatever the channel counts and input layout (on AMD Zen 5 a channels-first float32 convolution with 3, 8
/// or 24 channels did not: bench/results/onednn-zen5.md).</summary>
public class ChannelsLastConvTests
{
    [Fact]
    public void NetworksKeepTheirCheckpointNames()
    {
        var block = new Conv2Plus1d(3, 8);
        Assert.Equal(
            new[] { "spatial.weight", "spatial.bias", "temporal.weight", "temporal.bias" },
            block.named_parameters().Select(p => p.name).ToArray()
        );
    }

    public static TheoryData<string, int, int, bool> Layers()
    {
        var data = new TheoryData<string, int, int, bool>();
        foreach (var kind in new[] { "conv2d", "conv3d", "transposed2d", "transposed3d" })
        foreach (var (inputs, outputs) in new[] { (3, 8), (12, 8), (8, 3), (24, 8), (32, 16) })
        foreach (var channelsLast in new[] { false, true })
            data.Add(kind, inputs, outputs, channelsLast);
        return data;
    }

    [Theory]
    [MemberData(nameof(Layers))]
    public void OutputAndGradientsMatchFloat64(string kind, int inputs, int outputs, bool channelsLastInput)
    {
        torch.manual_seed(inputs * 100 + outputs);
        var conv = ChannelsLastConv.From(
            kind switch
            {
                "conv2d" => nn.Conv2d(inputs, outputs, kernel_size: 3, padding: 1),
                "conv3d" => nn.Conv3d(inputs, outputs, kernel_size: (3, 1, 1), padding: (1, 0, 0)),
                "transposed2d" => nn.ConvTranspose2d(inputs, outputs, kernel_size: 4, stride: 2, padding: 1),
                _ => nn.ConvTranspose3d(inputs, outputs, kernel_size: 4, stride: 2, padding: 1),
            }
        );
        long[] shape = kind.EndsWith("2d") ? [4, inputs, 10, 10] : [2, inputs, 4, 6, 6];
        var input = torch.randn(shape);
        var (output, inputGrad, weightGrad) = Run(conv, channelsLastInput ? ChannelsLast.Of(input) : input);
        conv.to(ScalarType.Float64);
        var (output64, inputGrad64, weightGrad64) = Run(conv, input.to(ScalarType.Float64));
        AssertClose(output64, output, "output");
        AssertClose(inputGrad64, inputGrad, "input gradient");
        AssertClose(weightGrad64, weightGrad, "weight gradient");
    }

    static (Tensor Output, Tensor InputGrad, Tensor WeightGrad) Run(ChannelsLastConv conv, Tensor input)
    {
        conv.zero_grad();
        var x = input.detach().requires_grad_(true);
        var y = conv.call(x);
        // A fixed, non-uniform upstream gradient, the same in both precisions.
        var upstream = torch.linspace(-1, 1, y.numel(), dtype: y.dtype).view(y.shape);
        (y * upstream).sum().backward();
        return (y.detach(), x.grad!.clone(), conv.Weight.grad!.clone());
    }

    static void AssertClose(Tensor expected, Tensor actual, string what)
    {
        var difference = (actual.to(ScalarType.Float64) - expected).abs().max().item<double>();
        double scale = expected.abs().max().item<double>();
        Assert.True(difference <= 1e-4 * Math.Max(1, scale), $"{what}: off by {difference:E1} (largest {scale:E1})");
    }
}
