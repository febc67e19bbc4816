using Vidgan.Data;
using Vidgan.Media;
using Vidgan.Tests.Support;
using Vidgan.Trust;

namespace Vidgan.Tests.Trust;

public class WatermarkTests
{
    static readonly WatermarkPayload Payload = new(0x5A3, 0x00C0FFEE & 0xFFFFFF);

    static Clip Shapes(int size, int seed = 3) => ShapesDataset.Render("triangle", size, 16, 8, seed);

    static double Psnr(Clip a, Clip b)
    {
        double mse = 0;
        for (int i = 0; i < a.Rgb.Length; i++)
            mse += (a.Rgb[i] - b.Rgb[i]) * (double)(a.Rgb[i] - b.Rgb[i]);
        return 10 * Math.Log10(255.0 * 255.0 / (mse / a.Rgb.Length));
    }

    [Theory]
    [InlineData(32)]
    [InlineData(64)]
    public void AMarkedClipGivesBackItsPayloadAndStaysAbove38Db(int size)
    {
        var clip = Shapes(size);
        var marked = Watermark.Embed(clip, Payload);

        var reading = Watermark.Detect(marked);

        Assert.True(reading.Found);
        Assert.Equal(Payload, reading.Payload);
        Assert.InRange(Psnr(clip, marked), 38, 60);
        Assert.False(Watermark.Detect(clip).Found);
    }

    [Fact]
    public void ACroppedMarkedClipIsStillRead()
    {
        var marked = Watermark.Embed(Shapes(64), Payload);
        // 6 px off the left and 4 px off the top of 64: 9.4 % and 6.3 %
        int w = 58,
            h = 60;
        var rgb = new byte[16 * h * w * 3];
        for (int t = 0; t < 16; t++)
        for (int y = 0; y < h; y++)
            Array.Copy(marked.Rgb, ((t * 64 + y + 4) * 64 + 6) * 3, rgb, ((t * h + y) * w) * 3, w * 3);

        var reading = Watermark.Detect(new Clip(rgb, 16, h, w, 8));

        Assert.True(reading.Found);
        Assert.Equal(Payload, reading.Payload);
    }

    [Theory]
    [InlineData(VideoFormat.Mp4)]
    [InlineData(VideoFormat.Gif)]
    [InlineData(VideoFormat.Webm)]
    public void TheMarkSurvivesTheWayVidganWritesClips(VideoFormat format)
    {
        using var temp = new TempDir();
        string path = temp["marked" + format.Extension()];
        VideoEncoder.Encode(Watermark.Embed(Shapes(64), Payload), path, format);

        Assert.Equal(Payload, WatermarkReader.Read(path).Payload);
    }

    [Fact]
    public void AMarkedClipReEncodedAtCrf28AndScaledTo75PercentStillNamesItsPayload()
    {
        using var temp = new TempDir();
        string source = temp["marked.mp4"];
        VideoEncoder.Encode(Watermark.Embed(Shapes(64, seed: 9), Payload), source, VideoFormat.Mp4);
        string worse = temp["worse.mp4"];
        var run = ProcessRunner.Run(
            "ffmpeg",
            ["-v", "error", "-i", source, "-vf", "scale=48:48", "-c:v", "libx264", "-crf", "28", worse],
            TimeSpan.FromSeconds(60)
        );
        Assert.True(run.ExitCode == 0, run.Stderr);

        Assert.Equal(Payload, WatermarkReader.Read(worse).Payload);
    }

    [Fact]
    public void AStillOrAShortClipIsTooSmallToCarryAMark()
    {
        Assert.False(Watermark.CanCarry(1, 64, 64));
        Assert.False(Watermark.CanCarry(16, 12, 64));
        Assert.Throws<TrustException>(() => Watermark.Embed(Shapes(64).Slice(0, 4), Payload));
        Assert.False(Watermark.Detect(Shapes(64).Slice(0, 4)).Readable);
    }
}

public class WatermarkCodeTests
{
    [Fact]
    public void TheCodeCorrectsScatteredErrors()
    {
        var payload = new WatermarkPayload(0xABC, 0x123456);
        var cells = WatermarkCode.Encode(payload);
        var rng = new Random(4);
        var soft = cells.Select(b => b ? -1.0 : 1.0).ToArray();
        foreach (int i in Enumerable.Range(0, WatermarkCode.Cells).OrderBy(_ => rng.Next()).Take(8))
            soft[i] = -soft[i];

        var (decoded, confidence, _) = WatermarkCode.Decode(soft);

        Assert.Equal(payload, decoded);
        Assert.Equal(1 - 2 * 8.0 / WatermarkCode.Cells, confidence, 6);
    }

    [Fact]
    public void NoiseAlmostNeverPassesTheCheck()
    {
        var rng = new Random(11);
        int accepted = 0;
        for (int trial = 0; trial < 2000; trial++)
        {
            var soft = Enumerable
                .Range(0, WatermarkCode.Cells)
                .Select(_ => Math.Cos(rng.NextDouble() * 2 * Math.PI))
                .ToArray();
            if (WatermarkCode.Decode(soft).Payload != null)
                accepted++;
        }
        // each trial passes with probability 2^-22; 2000 trials pass none with probability above 0.999
        Assert.Equal(0, accepted);
    }
}
