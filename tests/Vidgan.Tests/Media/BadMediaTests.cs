using Vidgan.Data;
using Vidgan.Media;
using Vidgan.Tests.Support;

namespace Vidgan.Tests.Media;

public class BadMediaTests
{
    static string ReasonFor(string path) => Assert.Throws<MediaException>(() => VideoProbe.Probe(path)).Reason;

    [Fact]
    public void ZeroByteFile()
    {
        using var temp = new TempDir();
        File.WriteAllBytes(temp["empty.mp4"], Array.Empty<byte>());
        Assert.Equal("empty file (0 bytes)", ReasonFor(temp["empty.mp4"]));
    }

    [Fact]
    public void TextFileIsNotAVideo()
    {
        using var temp = new TempDir();
        File.WriteAllText(temp["notes.mp4"], "hello, not a video at all\n");
        Assert.StartsWith("not a readable video", ReasonFor(temp["notes.mp4"]));
    }

    [Fact]
    public void StillImageIsNotAVideo()
    {
        using var temp = new TempDir();
        VideoEncoder.Encode(ShapesDataset.Render("circle", 16, 1, 8, 1), temp["pic.png"], VideoFormat.Png);
        Assert.StartsWith("not a video (a still image", ReasonFor(temp["pic.png"]));
    }

    [Fact]
    public void MissingFile()
    {
        Assert.Equal("file not found", ReasonFor("/nonexistent/video.mp4"));
    }

    [Fact]
    public void AbsurdDimensionsAreRejectedFromProbeOutput()
    {
        var json =
            """
            {"streams":[{"codec_name":"h264","width":100000,"height":50,"r_frame_rate":"25/1","avg_frame_rate":"25/1",
              "nb_frames":"10"}],"format":{"format_name":"mov,mp4","duration":"0.4"}}
            """u8.ToArray();
        var e = Assert.Throws<MediaException>(() => VideoProbe.Parse("huge.mp4", json));
        Assert.Contains("100000x50 is larger than 8192x8192", e.Reason);
    }

    [Fact]
    public void AbsurdDurationIsRejectedFromProbeOutput()
    {
        var json =
            """
            {"streams":[{"codec_name":"h264","width":64,"height":64,"r_frame_rate":"25/1","avg_frame_rate":"25/1"}],
             "format":{"format_name":"mov,mp4","duration":"360000"}}
            """u8.ToArray();
        Assert.Contains(
            "longer than the 4 h limit",
            Assert.Throws<MediaException>(() => VideoProbe.Parse("long.mp4", json)).Reason
        );
    }

    [Fact]
    public void AudioOnlyFileHasNoVideoStream()
    {
        var json = """{"streams":[],"format":{"format_name":"wav","duration":"3"}}"""u8.ToArray();
        Assert.Equal(
            "not a video (no video stream)",
            Assert.Throws<MediaException>(() => VideoProbe.Parse("a.wav", json)).Reason
        );
    }

    [Fact]
    public void TruncatedVideoKeepsTheFramesBeforeTheDamageOrFailsClearly()
    {
        using var temp = new TempDir();
        VideoEncoder.Encode(ShapesDataset.Render("circle", 32, 40, 8, 1), temp["full.mp4"], VideoFormat.Mp4);
        byte[] full = File.ReadAllBytes(temp["full.mp4"]);
        File.WriteAllBytes(temp["cut.mp4"], full[..(full.Length / 2)]);
        var outcome = VideoDecoder.DecodeMany(new[] { temp["cut.mp4"] }, new DecodeOptions(16, 8))[0];
        // A half file either yields fewer frames than the whole or an error naming the damage; never a crash.
        Assert.True(outcome.Clip == null ? outcome.Error!.Length > 0 : outcome.Clip.Frames < 40);
    }
}
