using Vidgan.Generation;
using static TorchSharp.torch;

namespace Vidgan.Tests.Generation;

public class CellSumsTests
{
    /// <summary>The same sums as tensor reductions: rows of each band summed, then the pixels of each cell.</summary>
    static short[] Expected(Tensor clip, int side)
    {
        long t = clip.shape[0],
            h = clip.shape[1],
            w = clip.shape[2];
        var rows = clip.to_type(ScalarType.Float32).reshape(t * (h / side), side, w * 3).sum([1L]);
        var cells = rows.reshape(-1, w / side, side, 3).sum([2L]);
        return cells.to_type(ScalarType.Int16).contiguous().data<short>().ToArray();
    }

    [Theory]
    [InlineData(3, 16, 16, 8)]
    [InlineData(2, 12, 20, 4)]
    [InlineData(2, 6, 10, 2)]
    [InlineData(2, 5, 7, 1)]
    // A row of 4,200 bytes, past the band's space on the stack.
    [InlineData(1, 8, 1400, 8)]
    public void SumsEqualTensorReductionsIncludingFullCells(int frames, int height, int width, int side)
    {
        Assert.Equal(side, CellSums.Side(height, width));
        manual_seed(frames * 1000 + width);
        var random = randint(0, 256, [frames, height, width, 3]).to_type(ScalarType.Byte);
        var saturated = full([frames, height, width, 3], 255, ScalarType.Byte);
        foreach (var clip in new[] { random, saturated })
        {
            var cells = new short[CellSums.PerClip(frames, height, width, side)];
            CellSums.Of(clip.contiguous().data<byte>().ToArray(), frames, height, width, side, cells);
            Assert.Equal(Expected(clip, side), cells);
            if (ReferenceEquals(clip, saturated))
                Assert.All(cells, c => Assert.Equal(side * side * 255, c));
        }
    }

    [Fact]
    public void AClipOrCellsOfAnotherShapeAreRefused()
    {
        Assert.Throws<ArgumentException>(() => CellSums.Of(new byte[4 * 8 * 3 - 1], 1, 4, 8, 4, new short[6]));
        Assert.Throws<ArgumentException>(() => CellSums.Of(new byte[4 * 8 * 3], 1, 4, 8, 4, new short[5]));
    }
}
