using TorchSharp;
using Vidgan.Models;
using static TorchSharp.torch;

namespace Vidgan.Tests.Models;

public class ChannelsLastTests
{
    [Theory]
    [InlineData(4)]
    [InlineData(5)]
    public void KeepsShapeAndValuesAndPutsChannelsInnermost(int dims)
    {
        torch.manual_seed(3);
        long[] shape = dims == 4 ? [2, 5, 6, 7] : [2, 5, 3, 6, 7];
        var x = torch.randn(shape);
        var y = ChannelsLast.Of(x);
        Assert.Equal(shape, y.shape);
        Assert.True(x.equal(y).all().item<bool>());
        Assert.Equal(1, y.stride(1));
        Assert.Equal(shape[1], y.stride(dims - 1));
        Assert.Equal(1, x.stride(dims - 1));
        ChannelsLast.Of(y).add_(1); // no copy the second time: the change reaches y
        Assert.True(y.allclose(x + 1));
    }

    [Fact]
    public void AConvolutionOnChannelsLastClipsGivesTheSameOutputAndGradients()
    {
        torch.manual_seed(4);
        var conv = nn.Conv3d(4, 6, kernel_size: 3, padding: 1);
        var clips = torch.randn([2, 4, 5, 8, 8]);
        var plain = clips.clone().requires_grad_();
        var reordered = clips.clone().requires_grad_();
        var a = conv.call(plain);
        a.square().sum().backward();
        var weightGrad = conv.weight!.grad!.clone();
        conv.zero_grad();
        var b = conv.call(ChannelsLast.Of(reordered));
        b.square().sum().backward();
        Assert.True(a.allclose(b, rtol: 1e-4, atol: 1e-5));
        Assert.True(plain.grad!.allclose(reordered.grad!, rtol: 1e-4, atol: 1e-5));
        Assert.True(weightGrad.allclose(conv.weight!.grad!, rtol: 1e-4, atol: 1e-4));
        Assert.Equal(1, b.stride(1));
    }
}
