namespace Vidgan.Media;

/// <summary>Mkv is lossless FFV1 (exact pixels, for datasets and metrics); the others are for viewing.</summary>
public enum VideoFormat
{
    Mp4,
    Gif,
    Webm,
    Png,
    Mkv,
}

public static class VideoFormats
{
    public static string Extension(this VideoFormat format) =>
        format switch
        {
            VideoFormat.Mp4 => ".mp4",
            VideoFormat.Gif => ".gif",
            VideoFormat.Webm => ".webm",
            VideoFormat.Png => ".png",
            VideoFormat.Mkv => ".mkv",
            _ => throw new ArgumentOutOfRangeException(nameof(format)),
        };

    public static VideoFormat Parse(string text) =>
        text.Trim().TrimStart('.').ToLowerInvariant() switch
        {
            "mp4" => VideoFormat.Mp4,
            "gif" => VideoFormat.Gif,
            "webm" => VideoFormat.Webm,
            "png" => VideoFormat.Png,
            "mkv" => VideoFormat.Mkv,
            _ => throw new VidganException($"unknown format '{text}': use mp4, gif, webm, png or mkv", 2),
        };
}
