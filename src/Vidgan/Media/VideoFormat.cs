namespace Vidgan.Media;

public enum VideoFormat { Mp4, Gif, Webm, Png }

public static class VideoFormats
{
    public static string Extension(this VideoFormat format) => format switch
    {
        VideoFormat.Mp4 => ".mp4",
        VideoFormat.Gif => ".gif",
        VideoFormat.Webm => ".webm",
        VideoFormat.Png => ".png",
        _ => throw new ArgumentOutOfRangeException(nameof(format)),
    };

    public static VideoFormat Parse(string text) => text.Trim().TrimStart('.').ToLowerInvariant() switch
    {
        "mp4" => VideoFormat.Mp4,
        "gif" => VideoFormat.Gif,
        "webm" => VideoFormat.Webm,
        "png" => VideoFormat.Png,
        _ => throw new VidganException($"unknown format '{text}': use mp4, gif, webm or png", 2),
    };
}
