using Vidgan.Data;
using Vidgan.Media;

namespace Vidgan.Tests.Data;

/// <summary>The probe behind `vidgan train`'s default architecture: one object over a plain background, or
/// not.</summary>
public class SceneProbeTests
{
    static Clip Shape(string shape, int seed) => ShapesDataset.Render(shape, 32, 16, 8, seed);

    [Theory]
    [InlineData("circle", 1)]
    [InlineData("square", 2)]
    [InlineData("triangle", 3)]
    public void OneBouncingShapeIsOneObjectOnAPlainBackground(string shape, int seed) =>
        Assert.True(SceneProbe.ShowsOneObjectOnPlainBackground(Shape(shape, seed)));

    [Fact]
    public void TwoShapesAreNot()
    {
        // Two shapes far apart: the left half of one clip beside the right half of another.
        var a = Shape("circle", 4);
        var b = Shape("square", 5);
        var bytes = new byte[a.Rgb.Length];
        for (int i = 0; i < bytes.Length; i += 3)
        {
            int x = (i / 3) % 32;
            var source = x < 16 ? ShiftedLeft(a, i) : ShiftedRight(b, i);
            bytes[i] = source.R;
            bytes[i + 1] = source.G;
            bytes[i + 2] = source.B;
        }
        // Each half shows its shape squeezed into it; both halves have an object in every frame.
        var two = new Clip(bytes, 16, 32, 32, 8);
        Assert.False(SceneProbe.ShowsOneObjectOnPlainBackground(two));
    }

    [Fact]
    public void NoiseAndTexturedBackgroundsAreNot()
    {
        var rng = new Random(7);
        var noise = new byte[16 * 32 * 32 * 3];
        rng.NextBytes(noise);
        Assert.False(SceneProbe.ShowsOneObjectOnPlainBackground(new Clip(noise, 16, 32, 32, 8)));

        // A shape over vertical stripes: the median colour is one stripe, so half the frame differs from it.
        var striped = (byte[])Shape("circle", 8).Rgb.Clone();
        for (int i = 0; i < striped.Length; i += 3)
            if ((i / 3) % 32 / 4 % 2 == 0 && striped[i] < 30)
                striped[i] = striped[i + 1] = striped[i + 2] = 200;
        Assert.False(SceneProbe.ShowsOneObjectOnPlainBackground(new Clip(striped, 16, 32, 32, 8)));
    }

    [Fact]
    public void ShareCountsTheClipsThatPass()
    {
        var rng = new Random(9);
        var noise = new byte[16 * 32 * 32 * 3];
        rng.NextBytes(noise);
        var clips = new[]
        {
            Shape("circle", 1),
            Shape("square", 2),
            Shape("triangle", 3),
            new Clip(noise, 16, 32, 32, 8),
        };
        Assert.Equal(0.75, SceneProbe.ShareOfSingleObjectClips(clips), 9);
    }

    /// <summary>Pixel i of clip c, taken from twice as far left (so the left half shows the whole clip,
    /// squeezed).</summary>
    static (byte R, byte G, byte B) ShiftedLeft(Clip c, int i) => Squeezed(c, i, 0);

    static (byte R, byte G, byte B) ShiftedRight(Clip c, int i) => Squeezed(c, i, 16);

    static (byte R, byte G, byte B) Squeezed(Clip c, int i, int offset)
    {
        int p = i / 3,
            frame = p / (32 * 32),
            y = p / 32 % 32,
            x = (p % 32 - offset) * 2;
        int j = ((frame * 32 + y) * 32 + x) * 3;
        return (c.Rgb[j], c.Rgb[j + 1], c.Rgb[j + 2]);
    }
}
