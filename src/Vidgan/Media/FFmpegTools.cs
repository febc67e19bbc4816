namespace Vidgan.Media;

/// <summary>Finds the ffmpeg and ffprobe programs; a missing one is a user error with the fix in it.</summary>
public static class FFmpegTools
{
    /// <summary>FFmpeg may only open local files and pipes: no network protocols from crafted inputs.</summary>
    public const string ProtocolWhitelist = "file,pipe";

    static string? ffmpeg,
        ffprobe;

    public static string FFmpeg => ffmpeg ??= Locate("ffmpeg", "VIDGAN_FFMPEG");
    public static string FFprobe => ffprobe ??= Locate("ffprobe", "VIDGAN_FFPROBE");

    static string Locate(string name, string envVar)
    {
        string? configured = Environment.GetEnvironmentVariable(envVar);
        if (!string.IsNullOrEmpty(configured))
        {
            if (File.Exists(configured))
                return configured;
            throw new VidganException($"{envVar} points to '{configured}', which does not exist");
        }
        foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
        {
            if (dir.Length == 0)
                continue;
            string candidate = Path.Combine(dir, name);
            if (File.Exists(candidate))
                return candidate;
        }
        throw new VidganException(
            $"{name} was not found on PATH: install FFmpeg (Debian/Ubuntu: sudo apt-get install ffmpeg) and try again"
        );
    }

    /// <summary>The last meaningful line FFmpeg printed, for one-line error reasons.</summary>
    public static string Reason(string stderr, string fallback)
    {
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var meaningful = lines.Where(l => !l.StartsWith("Conversion failed", StringComparison.Ordinal)).ToArray();
        string line = meaningful.Length > 0 ? meaningful[^1] : fallback;
        return line.Length > 200 ? line[..200] + "…" : line;
    }
}
