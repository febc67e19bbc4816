using TorchSharp;
using Vidgan.Models;

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
}
