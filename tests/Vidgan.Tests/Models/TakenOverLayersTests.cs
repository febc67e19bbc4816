using TorchSharp;
using Vidgan.Models;
using Vidgan.Tests.Support;
using static TorchSharp.torch;

namespace Vidgan.Tests.Models;

/// <summary>Vidgan's convolutions take over a TorchSharp layer's parameters, so a seed draws the same initial weights
/// as for the layer itself. Each test seeds torch's process-wide generator twice and compares what was drawn, so they
/// run apart from tests that draw from that generator.</summary>
[Collection(GlobalTorchGenerator.Name)]
public class TakenOverLayersTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void ChannelsLastConvTakesOverTheLayersParametersUnderTheSameNames(bool bias)
    {
        torch.manual_seed(9);
        var reference = nn.Conv3d(5, 7, kernel_size: (1, 3, 3), padding: (0, 1, 1), bias: bias);
        torch.manual_seed(9);
        var conv = ChannelsLastConv.From(nn.Conv3d(5, 7, kernel_size: (1, 3, 3), padding: (0, 1, 1), bias: bias));
        var expected = reference.state_dict();
        var actual = conv.state_dict();
        Assert.Equal(expected.Keys.ToArray(), actual.Keys.ToArray());
        foreach (var (name, value) in expected)
            Assert.True(value.equal(actual[name]).all().item<bool>(), name);
        Assert.Equal(bias ? 2 : 1, conv.parameters().Count());
    }

    [Fact]
    public void UpsamplingConvKeepsTheLayersParametersAndTheBlocksCheckpointNames()
    {
        torch.manual_seed(4);
        var reference = nn.Conv3d(4, 6, kernel_size: (1, 3, 3), padding: (0, 1, 1));
        torch.manual_seed(4);
        var conv = new UpsamplingConv(nn.Conv3d(4, 6, kernel_size: (1, 3, 3), padding: (0, 1, 1)), upTime: false);
        foreach (var (name, value) in reference.state_dict())
            Assert.True(value.equal(conv.state_dict()[name]).all().item<bool>(), name);
        Assert.Equal(
            new[] { "spatial.weight", "spatial.bias", "temporal.weight", "temporal.bias" },
            new Conv2Plus1d(3, 8, upsample: true).named_parameters().Select(p => p.name).ToArray()
        );
    }
}
