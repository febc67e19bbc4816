using Vidgan.Util;

namespace Vidgan.Tests.Util;

/// <summary>The SIMD sums of absolute differences equal a plain loop's at every length, tails included.</summary>
public class AbsoluteDifferencesTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(15)]
    [InlineData(64)]
    [InlineData(1_000)]
    [InlineData(196_611)]
    public void BytesSumAsALoopDoes(int length)
    {
        var random = new Random(length);
        var a = new byte[length];
        var b = new byte[length];
        random.NextBytes(a);
        random.NextBytes(b);
        long expected = a.Zip(b).Sum(p => (long)Math.Abs(p.First - p.Second));
        Assert.Equal(expected, AbsoluteDifferences.Sum(a, b));
        Assert.Equal(0, AbsoluteDifferences.Sum(a, a));
    }

    [Theory]
    [InlineData(7)]
    [InlineData(1_001)]
    [InlineData(600_000)]
    public void ShortsSumAsALoopDoes(int length)
    {
        var random = new Random(length);
        var a = Enumerable.Range(0, length).Select(_ => (short)random.Next(0, 32_768)).ToArray();
        var b = Enumerable.Range(0, length).Select(_ => (short)random.Next(0, 32_768)).ToArray();
        long expected = a.Zip(b).Sum(p => (long)Math.Abs(p.First - p.Second));
        Assert.Equal(expected, AbsoluteDifferences.Sum(a, b));
    }

    [Fact]
    public void VectorsOfDifferentLengthsAreRefused()
    {
        Assert.Throws<ArgumentException>(() => AbsoluteDifferences.Sum(new byte[3], new byte[4]));
        Assert.Throws<ArgumentException>(() => AbsoluteDifferences.Sum(new short[3], new short[4]));
    }
}
