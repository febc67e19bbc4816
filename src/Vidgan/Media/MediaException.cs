namespace Vidgan.Media;

/// <summary>One file could not be used; the message is the per-file reason shown to the user.</summary>
public sealed class MediaException(string path, string reason) : VidganException($"{Path.GetFileName(path)}: {reason}")
{
    public string FilePath { get; } = path;
    public string Reason { get; } = reason;
}
