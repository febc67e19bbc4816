using System.Globalization;
using Vidgan.Data;
using Vidgan.Media;
using Vidgan.Tests.Support;

namespace Vidgan.Tests.Media;

/// <summary>Fast MP4 clips of one shape are cut from one H.264 stream: each file must still hold its own clip, whole,
/// starting at time 0, and nothing of the stream may be left behind.</summary>
public class SegmentedMp4Tests
{
    static readonly string[] Shapes = ["circle", "square", "triangle"];

    static Clip Sample(int k, int frames = 16) =>
        ShapesDataset.Render(Shapes[k % Shapes.Length], 32, frames, 8, seed: 10 + k);

    static double MeanAbsDiff(Clip a, Clip b) => a.Rgb.Zip(b.Rgb).Average(p => Math.Abs(p.First - p.Second));

    [Fact]
    public void EachClipOfAStreamGetsItsOwnFileWithItsOwnFrames()
    {
        using var temp = new TempDir();
        string folder = temp["odd %d folder"];
        var clips = Enumerable.Range(0, 5).Select(k => Sample(k)).ToArray();
        var jobs = clips
            .Select(
                (c, k) =>
                    new VideoEncoder.Job(
                        c,
                        Path.Combine(folder, $"clip_{k}.mp4"),
                        VideoFormat.Mp4,
                        "made here",
                        true,
                        true
                    )
            )
            .ToArray();

        VideoEncoder.EncodeMany(jobs);

        Assert.Equal(
            jobs.Select(j => Path.GetFileName(j.OutputPath)).Order(),
            Directory.GetFiles(folder).Select(Path.GetFileName).Order()
        );
        var back = jobs.Select(j => VideoDecoder.Decode(j.OutputPath, new DecodeOptions(32, 8))).ToArray();
        for (int k = 0; k < clips.Length; k++)
        {
            Assert.Equal(16, back[k].Frames);
            double own = MeanAbsDiff(clips[k], back[k]);
            double next = MeanAbsDiff(clips[(k + 1) % clips.Length], back[k]);
            Assert.True(
                own < 4 && next > 3 * own,
                $"clip {k}: {own:0.00} from its own frames, {next:0.00} from the next"
            );
            var info = VideoProbe.Probe(jobs[k].OutputPath);
            Assert.Equal((16, 2.0), (info.FrameCount, Math.Round(info.DurationSeconds, 2)));
            Assert.Equal(0.0, StartSeconds(jobs[k].OutputPath));
        }
    }

    /// <summary>When the first frame is shown: a clip cut from a stream must not inherit the stream's delay.</summary>
    static double StartSeconds(string path)
    {
        var probe = ProcessRunner.Run(
            FFmpegTools.FFprobe,
            ["-v", "error", "-show_entries", "stream=start_time", "-of", "csv=p=0", path],
            TimeSpan.FromSeconds(20)
        );
        return double.Parse(System.Text.Encoding.UTF8.GetString(probe.Stdout), CultureInfo.InvariantCulture);
    }

    [Fact]
    public void StreamsAndSingleClipsMixInOneCall()
    {
        using var temp = new TempDir();
        var jobs = new[]
        {
            new VideoEncoder.Job(Sample(0), temp["a.mp4"], VideoFormat.Mp4, Fast: true),
            new VideoEncoder.Job(Sample(1, frames: 12), temp["b.mp4"], VideoFormat.Mp4, Fast: true),
            new VideoEncoder.Job(Sample(2), temp["c.mp4"], VideoFormat.Mp4, Fast: true),
            new VideoEncoder.Job(Sample(3, frames: 12), temp["d.mp4"], VideoFormat.Mp4, Fast: true),
            new VideoEncoder.Job(Sample(4), temp["e.mp4"], VideoFormat.Mp4),
            new VideoEncoder.Job(Sample(5, frames: 10), temp["f.mp4"], VideoFormat.Mp4, Fast: true),
        };

        VideoEncoder.EncodeMany(jobs);

        Assert.Equal(
            new long[] { 16, 12, 16, 12, 16, 10 },
            jobs.Select(j => VideoProbe.Probe(j.OutputPath).FrameCount).ToArray()
        );
        Assert.Equal(jobs.Length, Directory.GetFiles(temp.Path).Length);
    }
}
