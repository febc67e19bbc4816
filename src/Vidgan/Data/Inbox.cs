using Vidgan.Library;
using Vidgan.Media;

namespace Vidgan.Data;

/// <summary>A clip accepted into the library's inbox, waiting for an ingest job.</summary>
public sealed record InboxFile(string Name, long Bytes, int Width, int Height, double DurationSeconds, string Codec);

/// <summary>The library's inbox (<c>inbox/</c>): uploaded clips wait there for an ingest job. A file is probed before
/// it is accepted; one that is not a video is deleted and the reason given, so nothing unusable is kept.</summary>
public static class Inbox
{
    const int MaxNameLength = 100;

    /// <summary>A temporary file for an upload, inside the library (same file system as the inbox, so that accepting it
    /// is a rename).</summary>
    public static string TempFile(VidganLibrary lib)
    {
        string dir = Path.Combine(lib.Inbox, ".incoming");
        Directory.CreateDirectory(dir);
        return Path.Combine(dir, Guid.NewGuid().ToString("N"));
    }

    /// <summary>Probes <paramref name="temp"/> and moves it into the inbox under a safe form of
    /// <paramref name="originalName"/>; a file FFmpeg cannot read is deleted and its reason thrown.</summary>
    public static InboxFile Accept(VidganLibrary lib, string temp, string originalName)
    {
        string name = SafeName(originalName);
        VideoInfo info;
        try
        {
            info = VideoProbe.Probe(temp);
        }
        catch (MediaException e)
        {
            File.Delete(temp);
            // The reason quotes the server's temporary path; the client knows the file by the name it sent.
            throw new MediaException(name, e.Reason.Replace("file:" + temp, name).Replace(temp, name));
        }
        string target = Unique(lib.Inbox, name);
        File.Move(temp, target);
        return new InboxFile(
            Path.GetFileName(target),
            new FileInfo(target).Length,
            info.Width,
            info.Height,
            info.DurationSeconds,
            info.Codec
        );
    }

    public static IReadOnlyList<string> Files(VidganLibrary lib) =>
        Directory.Exists(lib.Inbox)
            ? Directory.EnumerateFiles(lib.Inbox).Select(Path.GetFileName).OfType<string>().Order().ToList()
            : [];

    /// <summary>The base name only (no folders), without characters that file systems or shells trip on.</summary>
    static string SafeName(string original)
    {
        string name = Path.GetFileName(original.Replace('\\', '/'));
        var clean = new string(name.Select(c => char.IsLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_').ToArray());
        clean = clean.TrimStart('.');
        if (clean.Length > MaxNameLength)
            clean = clean[^MaxNameLength..];
        return clean.Length == 0 ? "upload" : clean;
    }

    static string Unique(string dir, string name)
    {
        Directory.CreateDirectory(dir);
        string stem = Path.GetFileNameWithoutExtension(name),
            ext = Path.GetExtension(name);
        string path = Path.Combine(dir, name);
        for (int i = 2; File.Exists(path); i++)
            path = Path.Combine(dir, $"{stem}_{i}{ext}");
        return path;
    }
}
