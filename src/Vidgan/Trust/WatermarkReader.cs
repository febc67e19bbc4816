using System.Globalization;
using Vidgan.Media;

namespace Vidgan.Trust;

/// <summary>Decodes any video or animation FFmpeg reads, at its own size and frame by frame, and searches it for a
/// watermark.</summary>
public static class WatermarkReader
{
    static readonly string[] RawRgb = ["-f", "rawvideo", "-pix_fmt", "rgb24", "-"];

    public static WatermarkReading Read(string path)
    {
        var (luma, h, w) = Luma(path);
        return Watermark.Detect(luma, h, w);
    }

    /// <summary>Each frame's luma (BT.601 weights, as the watermark was written), at the file's own size.</summary>
    public static (float[][] Luma, int Height, int Width) Luma(string path)
    {
        VideoInfo info;
        try
        {
            info = VideoProbe.Probe(path);
        }
        catch (MediaException)
        {
            info = VideoProbe.Probe(path, image: true);
        }
        int w = info.Width,
            h = info.Height;
        if ((long)w * h > 4096L * 4096)
            throw new TrustException($"{Path.GetFileName(path)}: {w}×{h} is too large to search for a watermark");
        var run = ProcessRunner.Run(
            FFmpegTools.FFmpeg,
            ["-v", "error", "-nostdin", "-i", path, "-fps_mode", "passthrough", "-frames:v", "4096", .. RawRgb],
            TimeSpan.FromMinutes(2)
        );
        if (run.ExitCode != 0)
            throw new TrustException($"{Path.GetFileName(path)}: cannot be decoded to look for a watermark");
        int frames = run.Stdout.Length / (w * h * 3);
        var luma = Watermark.LumaFrames(run.Stdout, frames, h, w);
        return (luma, h, w);
    }

    internal static string Describe(WatermarkReading r) =>
        r.Found ? string.Create(CultureInfo.InvariantCulture, $"{r.Payload} (margin {r.Confidence:0.00})") : "none";
}
