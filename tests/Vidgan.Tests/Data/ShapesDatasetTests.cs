using Vidgan.Data;
using Vidgan.Media;
using Vidgan.Tests.Support;

namespace Vidgan.Tests.Data;

public class ShapesDatasetTests
{
    [Fact]
    public void SameSeedSameFramesOtherSeedOtherFrames()
    {
        var a = ShapesDataset.Render("triangle", 32, 10, 8, seed: 7);
        var b = ShapesDataset.Render("triangle", 32, 10, 8, seed: 7);
        var c = ShapesDataset.Render("triangle", 32, 10, 8, seed: 8);
        Assert.Equal(a.Rgb, b.Rgb);
        Assert.NotEqual(a.Rgb, c.Rgb);
    }

    [Fact]
    public void TheShapeMovesAndStaysInsideTheCanvas()
    {
        var clip = ShapesDataset.Render("circle", 32, 40, 8, seed: 2);
        var centres = Enumerable.Range(0, clip.Frames).Select(t => Centroid(clip, t)).ToArray();
        Assert.All(centres, c => Assert.InRange(c.X, 2, 30));
        Assert.True(
            centres.Zip(centres.Skip(1)).Max(p => Math.Abs(p.First.X - p.Second.X) + Math.Abs(p.First.Y - p.Second.Y))
                > 0.5
        );
        // Pixels of the shape exist in every frame (it never leaves the canvas).
        Assert.All(centres, c => Assert.True(c.Count > 10));
    }

    [Fact]
    public void ShapesDifferInFill()
    {
        // A square fills more of its bounding box than a circle, which fills more than a triangle.
        double Fill(string s) =>
            Enumerable.Range(0, 400).Count(i => ShapesDataset.Inside(s, (i % 20 - 9.5) / 10, (i / 20 - 9.5) / 10))
            / 400.0;
        Assert.True(Fill("square") < Fill("circle") + 0.2 && Fill("circle") > Fill("triangle"));
        Assert.InRange(Fill("circle"), 0.7, 0.85);
    }

    [Fact]
    public void WritesNamedMp4FilesDeterministically()
    {
        using var temp = new TempDir();
        var files = TinyData.Shapes(temp["a"], perClass: 2, classes: 3);
        Assert.Equal(
            new[]
            {
                "circle_1.mp4",
                "circle_2.mp4",
                "square_1.mp4",
                "square_2.mp4",
                "triangle_1.mp4",
                "triangle_2.mp4",
            },
            files.Select(Path.GetFileName).Order().ToArray()
        );
        TinyData.Shapes(temp["b"], perClass: 2, classes: 3);
        var first = VideoDecoder.Decode(temp["a/circle_1.mp4"], new DecodeOptions(32, 8));
        var again = VideoDecoder.Decode(temp["b/circle_1.mp4"], new DecodeOptions(32, 8));
        Assert.Equal(first.Rgb, again.Rgb);
    }

    [Fact]
    public void BadOptionsAreUsageErrors()
    {
        using var temp = new TempDir();
        Assert.Equal(
            2,
            Assert
                .Throws<VidganException>(() => ShapesDataset.Write(temp.Path, new ShapesDataset.Options(Classes: 9)))
                .ExitCode
        );
        Assert.Equal(
            2,
            Assert
                .Throws<VidganException>(() => ShapesDataset.Write(temp.Path, new ShapesDataset.Options(PerClass: 0)))
                .ExitCode
        );
    }

    static (double X, double Y, int Count) Centroid(Clip clip, int t)
    {
        var f = clip.Frame(t);
        double sx = 0,
            sy = 0;
        int n = 0;
        for (int y = 0; y < clip.Height; y++)
        for (int x = 0; x < clip.Width; x++)
        {
            int o = (y * clip.Width + x) * 3;
            if (f[o] + f[o + 1] + f[o + 2] > 150)
            {
                sx += x;
                sy += y;
                n++;
            }
        }
        return (n > 0 ? sx / n : -1, n > 0 ? sy / n : -1, n);
    }
}
