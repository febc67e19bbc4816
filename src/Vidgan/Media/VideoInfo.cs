namespace Vidgan.Media;

/// <summary>What ffprobe reports about a file's first video stream.</summary>
public sealed record VideoInfo(
    double DurationSeconds,
    double Fps,
    long FrameCount,
    int Width,
    int Height,
    string Codec,
    string PixelFormat,
    string Container
);
