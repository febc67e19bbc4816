using System.Globalization;
using System.Text.Json;

namespace Vidgan.Media;

/// <summary>Reads a file's video properties with ffprobe and rejects what Vidgan cannot use.</summary>
public static class VideoProbe
{
    public const int MaxDimension = 8192;
    public static readonly TimeSpan MaxDuration = TimeSpan.FromHours(4);
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <param name="image">Expect a still image (png, jpg, …) instead of a video.</param>
    public static VideoInfo Probe(string path, bool image = false)
    {
        var file = new FileInfo(path);
        if (!file.Exists)
            throw new MediaException(path, "file not found");
        if (file.Length == 0)
            throw new MediaException(path, "empty file (0 bytes)");
        var result = ProcessRunner.Run(
            FFmpegTools.FFprobe,
            new[]
            {
                "-v",
                "error",
                "-protocol_whitelist",
                FFmpegTools.ProtocolWhitelist,
                "-select_streams",
                "v:0",
                "-show_entries",
                "stream=codec_name,width,height,pix_fmt,r_frame_rate,avg_frame_rate,nb_frames,duration"
                    + ":format=duration,format_name",
                "-of",
                "json",
                "file:" + Path.GetFullPath(path),
            },
            Timeout
        );
        if (result.TimedOut)
            throw new MediaException(path, $"ffprobe timed out after {Timeout.TotalSeconds:0} s");
        if (result.ExitCode != 0)
            throw new MediaException(
                path,
                "not a readable video: " + FFmpegTools.Reason(result.Stderr, "ffprobe failed")
            );
        return Parse(path, result.Stdout, image);
    }

    internal static VideoInfo Parse(string path, byte[] json, bool image = false)
    {
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        if (!root.TryGetProperty("streams", out var streams) || streams.GetArrayLength() == 0)
            throw new MediaException(path, image ? "not an image" : "not a video (no video stream)");
        var s = streams[0];
        var format = root.TryGetProperty("format", out var f) ? f : default;
        int width = s.TryGetProperty("width", out var w) ? w.GetInt32() : 0;
        int height = s.TryGetProperty("height", out var h) ? h.GetInt32() : 0;
        string codec = Str(s, "codec_name") ?? "unknown";
        string container = format.ValueKind == JsonValueKind.Object ? Str(format, "format_name") ?? "" : "";
        if (width <= 0 || height <= 0)
            throw new MediaException(path, "video stream has no dimensions");
        if (width > MaxDimension || height > MaxDimension)
            throw new MediaException(path, $"resolution {width}x{height} is larger than {MaxDimension}x{MaxDimension}");
        double fps = Rate(Str(s, "avg_frame_rate")) is > 0 and var avg ? avg : Rate(Str(s, "r_frame_rate"));
        double duration = Number(Str(s, "duration"));
        if (duration <= 0 && format.ValueKind == JsonValueKind.Object)
            duration = Number(Str(format, "duration"));
        long frames = (long)Number(Str(s, "nb_frames"));
        if (frames <= 0 && duration > 0 && fps > 0)
            frames = (long)Math.Round(duration * fps);
        // Still images (png, jpg) come through ffprobe as single-frame "videos".
        bool still =
            container.Contains("image2") || container.EndsWith("_pipe", StringComparison.Ordinal) || frames == 1;
        if (image)
            return still
                ? new VideoInfo(0, 0, 1, width, height, codec, Str(s, "pix_fmt") ?? "unknown", container)
                : throw new MediaException(path, "not a still image (a video): use setting 'from_video' for clips");
        if (still)
            throw new MediaException(path, $"not a video (a still image, {codec})");
        if (duration > MaxDuration.TotalSeconds)
            throw new MediaException(
                path,
                $"duration {duration:0} s is longer than the {MaxDuration.TotalHours:0} h limit"
            );
        if (fps <= 0 || fps > 1000)
            throw new MediaException(path, $"unusable frame rate ({Str(s, "r_frame_rate")})");
        return new VideoInfo(duration, fps, frames, width, height, codec, Str(s, "pix_fmt") ?? "unknown", container);
    }

    /// <summary>Colour channels of an FFmpeg pixel format: 1 grey, 2 grey + alpha, 4 with alpha, else 3.</summary>
    public static int Channels(string pixelFormat) =>
        pixelFormat switch
        {
            var f when f.StartsWith("gray") || f.StartsWith("mono") => 1,
            var f when f.StartsWith("ya") => 2,
            var f
                when f.Contains('a')
                    && (
                        f.StartsWith("rgba")
                        || f.StartsWith("bgra")
                        || f.StartsWith("argb")
                        || f.StartsWith("abgr")
                        || f.StartsWith("yuva")
                        || f.StartsWith("gbrap")
                    ) => 4,
            _ => 3,
        };

    static string? Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) ? (v.ValueKind == JsonValueKind.String ? v.GetString() : v.ToString()) : null;

    static double Number(string? text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) ? v : 0;

    static double Rate(string? text)
    {
        if (string.IsNullOrEmpty(text))
            return 0;
        var parts = text.Split('/');
        double num = Number(parts[0]);
        double den = parts.Length > 1 ? Number(parts[1]) : 1;
        return den > 0 ? num / den : 0;
    }
}
