using Vidgan.Models;

namespace Vidgan.Tests.Models;

public class PlanarRgbTests
{
    /// <summary>The rule, written out once more: round half to even, clamp, NaN to 0.</summary>
    static byte Expected(float v) =>
        float.IsNaN(v) ? (byte)0 : (byte)Math.Clamp(MathF.Round((v + 1f) * 127.5f, MidpointRounding.ToEven), 0, 255);

    static byte[] ExpectedBytes(float[] planes)
    {
        int pixels = planes.Length / 3;
        var rgb = new byte[planes.Length];
        for (int p = 0; p < pixels; p++)
        for (int c = 0; c < 3; c++)
            rgb[p * 3 + c] = Expected(planes[c * pixels + p]);
        return rgb;
    }

    [Fact]
    public void EveryBf16ValueBecomesTheByteTheRuleGives()
    {
        // All 65,536 bit patterns (NaNs, infinities, subnormals, −0 included) in each plane, each plane shifted so that
        // a pixel's three channels differ; 3 × 65,536 + 3 × 5 values leave a tail for the one-at-a-time path.
        const int pixels = 65_536 + 5;
        var bits = new ushort[3 * pixels];
        for (int c = 0; c < 3; c++)
        for (int p = 0; p < pixels; p++)
            bits[c * pixels + p] = (ushort)(p * (c + 1) + c * 7919);
        var rgb = new byte[bits.Length];

        PlanarRgb.ToBytes(bits, rgb);

        var values = bits.Select(b => BitConverter.Int32BitsToSingle(b << 16)).ToArray();
        Assert.Equal(ExpectedBytes(values), rgb);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(16)]
    [InlineData(37)]
    [InlineData(1000)]
    public void Float32PlanesGiveTheRulesBytesForTiesClampsAndSpecialValues(int pixels)
    {
        var random = new Random(pixels);
        float[] special = [float.NaN, float.PositiveInfinity, float.NegativeInfinity, -0f, 0f, -1f, 1f, 3e38f, -3e38f];
        var planes = new float[3 * pixels];
        for (int i = 0; i < planes.Length; i++)
            planes[i] = (i % 4) switch
            {
                0 => special[i / 4 % special.Length],
                1 => (i % 255 + 0.5f) / 127.5f - 1f, // exactly or next to a half level
                _ => (float)(random.NextDouble() * 2.6 - 1.3),
            };
        var rgb = new byte[planes.Length];

        PlanarRgb.ToBytes(planes, rgb);

        Assert.Equal(ExpectedBytes(planes), rgb);
    }

    [Fact]
    public void PlanesThatAreNotThreeOrDoNotFitTheOutputAreRefused()
    {
        Assert.Throws<ArgumentException>(() => PlanarRgb.ToBytes(new float[10], new byte[10]));
        Assert.Throws<ArgumentException>(() => PlanarRgb.ToBytes(new ushort[12], new byte[9]));
    }
}
