using Vidgan.Media;
using Vidgan.Tests.Support;

namespace Vidgan.Tests.Trust;

public class DigitalSourceTypeTests
{
    [Theory]
    [InlineData(VideoFormat.Mp4)]
    [InlineData(VideoFormat.Webm)]
    [InlineData(VideoFormat.Png)]
    public void ASyntheticFileNamesTrainedAlgorithmicMediaInItsPlainMetadata(VideoFormat format)
    {
        using var temp = new TempDir();
        string path = TrustFiles.Encoded(temp.Path, format);

        Assert.Equal(DigitalSourceType.TrainedAlgorithmicMedia, DigitalSourceType.Read(path));
    }

    [Fact]
    public void AnUnlabelledFileNamesNone()
    {
        using var temp = new TempDir();
        string path = temp["real.mp4"];
        VideoEncoder.Encode(Vidgan.Data.ShapesDataset.Render("circle", 32, 8, 8, seed: 1), path, VideoFormat.Mp4);

        Assert.Null(DigitalSourceType.Read(path));
    }

    [Fact]
    public void ALabelledPngHasTheSamePixelsAsAnUnlabelledOne()
    {
        using var temp = new TempDir();
        string labelled = TrustFiles.Encoded(temp.Path, VideoFormat.Png);
        string plain = temp["plain.png"];
        VideoEncoder.Encode(Vidgan.Data.ShapesDataset.Render("square", 32, 12, 8, seed: 5), plain, VideoFormat.Png);

        Assert.NotEqual(File.ReadAllBytes(plain).Length, File.ReadAllBytes(labelled).Length);
        Assert.Equal(Pixels(plain), Pixels(labelled));
    }

    static byte[] Pixels(string png)
    {
        var run = ProcessRunner.Run(
            "ffmpeg",
            new[] { "-v", "error", "-i", png, "-f", "rawvideo", "-pix_fmt", "rgb24", "-" },
            TimeSpan.FromSeconds(30)
        );
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal(32 * 32 * 3, run.Stdout.Length);
        return run.Stdout;
    }
}
