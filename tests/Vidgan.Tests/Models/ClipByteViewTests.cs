using TorchSharp;
using Vidgan.Models;
using static TorchSharp.torch;

namespace Vidgan.Tests.Models;

/// <summary>A clip's span is that clip's bytes in the tensor, whichever block of the view it falls in.</summary>
public class ClipByteViewTests
{
    [Theory]
    [InlineData(1L << 30)]
    [InlineData(3 * 2 * 4 * 4 * 3)]
    [InlineData(1)]
    public void EachSpanIsItsClipInTheTensorAcrossBlocks(long maxBlockBytes)
    {
        const int clips = 10,
            clipBytes = 2 * 4 * 4 * 3;
        using var tensor = torch.zeros(new long[] { clips, 2, 4, 4, 3 }, ScalarType.Byte);
        using (var view = new ClipByteView(tensor, maxBlockBytes))
        {
            Assert.Equal(clips, view.Count);
            Assert.Equal(clipBytes, view.ClipBytes);
            for (int i = 0; i < clips; i++)
            for (int k = 0; k < clipBytes; k++)
                view[i][k] = (byte)(i * 20 + k % 7);
        }
        var flat = tensor.reshape(clips, clipBytes);
        for (int i = 0; i < clips; i++)
        {
            Assert.Equal(i * 20, flat[i].min().item<byte>());
            Assert.Equal(i * 20 + 6, flat[i].max().item<byte>());
            Assert.Equal(i * 20 + 3, flat[i][3].item<byte>());
        }
        using var read = new ClipByteView(tensor, maxBlockBytes);
        Assert.Equal((byte)(9 * 20 + (clipBytes - 2) % 7), read[9][clipBytes - 2]);
    }

    [Fact]
    public void RefusesWhatIsNotAClipOfBytesAndIndicesOutside()
    {
        using var floats = torch.zeros(new long[] { 2, 3 });
        Assert.Throws<ArgumentException>(() => new ClipByteView(floats));
        using var bytes = torch.zeros(new long[] { 3, 2 }, ScalarType.Byte);
        using var transposed = bytes.t();
        Assert.Throws<ArgumentException>(() => new ClipByteView(transposed));
        using var view = new ClipByteView(bytes);
        Assert.Throws<ArgumentOutOfRangeException>(() => view[3].Length);
        Assert.Throws<ArgumentOutOfRangeException>(() => view[-1].Length);
    }
}
