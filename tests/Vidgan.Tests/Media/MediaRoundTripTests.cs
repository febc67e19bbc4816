using Vidgan.Data;
using Vidgan.Media;
using Vidgan.Tests.Support;

namespace Vidgan.Tests.Media;

public class MediaRoundTripTests
{
    static Clip Sample(int frames = 12, int size = 32) => ShapesDataset.Render("square", size, frames, 8, seed: 3);

    static double MeanAbsDiff(Clip a, Clip b)
    {
        Assert.Equal(a.Rgb.Length, b.Rgb.Length);
        double sum = 0;
        for (int i = 0; i < a.Rgb.Length; i++)
            sum += Math.Abs(a.Rgb[i] - b.Rgb[i]);
        return sum / a.Rgb.Length;
    }

    [Fact]
    public void Mp4EncodeThenDecodeGivesTheSameFramesWithinCodecTolerance()
    {
        using var temp = new TempDir();
        var clip = Sample();
        VideoEncoder.Encode(clip, temp["a.mp4"], VideoFormat.Mp4);
        var back = VideoDecoder.Decode(temp["a.mp4"], new DecodeOptions(32, 8));
        Assert.Equal(clip.Frames, back.Frames);
        Assert.True(MeanAbsDiff(clip, back) < 4.0, $"mean abs diff {MeanAbsDiff(clip, back)}");
    }

    [Theory]
    [InlineData(VideoFormat.Gif, 12.0)]
    [InlineData(VideoFormat.Webm, 6.0)]
    public void OtherFormatsRoundTrip(VideoFormat format, double tolerance)
    {
        using var temp = new TempDir();
        var clip = Sample();
        string path = temp["a" + format.Extension()];
        VideoEncoder.Encode(clip, path, format);
        var back = VideoDecoder.Decode(path, new DecodeOptions(32, 8));
        Assert.Equal(clip.Frames, back.Frames);
        Assert.True(MeanAbsDiff(clip, back) < tolerance, $"mean abs diff {MeanAbsDiff(clip, back)}");
    }

    [Fact]
    public void ProbeReportsStreamProperties()
    {
        using var temp = new TempDir();
        VideoEncoder.Encode(Sample(frames: 16, size: 32), temp["a.mp4"], VideoFormat.Mp4);
        var info = VideoProbe.Probe(temp["a.mp4"]);
        Assert.Equal((32, 32), (info.Width, info.Height));
        Assert.Equal(8, info.Fps, 3);
        Assert.Equal(16, info.FrameCount);
        Assert.Equal(2.0, info.DurationSeconds, 1);
        Assert.Equal("h264", info.Codec);
        Assert.Equal("yuv420p", info.PixelFormat);
    }

    [Fact]
    public void DecodeResamplesFrameRateAndCropsOrLetterboxes()
    {
        using var temp = new TempDir();
        // A wide 64×32 clip of 16 frames at 8 fps: white on the left half, black on the right.
        var bytes = new byte[16 * 32 * 64 * 3];
        for (int t = 0; t < 16; t++)
        for (int y = 0; y < 32; y++)
        for (int x = 0; x < 32; x++)
        for (int c = 0; c < 3; c++)
            bytes[((t * 32 + y) * 64 + x) * 3 + c] = 255;
        VideoEncoder.Encode(new Clip(bytes, 16, 32, 64, 8), temp["wide.mp4"], VideoFormat.Mp4);

        var cropped = VideoDecoder.Decode(temp["wide.mp4"], new DecodeOptions(16, 4, FrameFit.Crop));
        Assert.Equal(8, cropped.Frames);
        var letterboxed = VideoDecoder.Decode(temp["wide.mp4"], new DecodeOptions(16, 8, FrameFit.Letterbox));
        Assert.Equal(16, letterboxed.Frames);
        // Letterbox pads the top row black; crop keeps content there (left half white).
        Assert.True(letterboxed.Rgb[0] < 30, $"letterbox top-left {letterboxed.Rgb[0]}");
        Assert.True(cropped.Rgb[0] > 200, $"crop top-left {cropped.Rgb[0]}");
    }

    [Fact]
    public void ManyFilesDecodeInOneCallAndABadOneGetsItsOwnReason()
    {
        using var temp = new TempDir();
        VideoEncoder.EncodeMany(
            new[]
            {
                new VideoEncoder.Job(Sample(), temp["a.mp4"], VideoFormat.Mp4),
                new VideoEncoder.Job(Sample(frames: 10), temp["b.mp4"], VideoFormat.Mp4),
            }
        );
        File.WriteAllText(temp["bad.mp4"], "this is not a video");
        var outcomes = VideoDecoder.DecodeMany(
            new[] { temp["a.mp4"], temp["bad.mp4"], temp["b.mp4"] },
            new DecodeOptions(16, 8)
        );
        Assert.Equal(12, outcomes[0].Clip!.Frames);
        Assert.Null(outcomes[1].Clip);
        Assert.Contains("no frames could be decoded", outcomes[1].Error);
        Assert.Equal(10, outcomes[2].Clip!.Frames);
    }

    [Fact]
    public void GridLaysClipsOutWithGaps()
    {
        var clips = new[] { Sample(4, 8), Sample(4, 8), Sample(4, 8) };
        var tile = ClipGrid.Tile(clips, columns: 2);
        Assert.Equal((2 * 8 + 3 * 2, 2 * 8 + 3 * 2, 4), (tile.Height, tile.Width, tile.Frames));
        var strips = ClipGrid.Strips(clips, frameStep: 2, upscale: 2);
        Assert.Equal((1, 3 * 16 + 4 * 2, 2 * 16 + 3 * 2), (strips.Frames, strips.Height, strips.Width));
    }
}
