namespace Vidgan.Util;

/// <summary>Creates the folders that a user names (a library, a run, an output folder), so that one which cannot be
/// made, under a file or somewhere read-only, is a one-line error naming it rather than a stack trace.</summary>
public static class Folders
{
    public static string Create(string path)
    {
        try
        {
            Directory.CreateDirectory(path);
            return path;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException && !DiskFull.Is(e))
        {
            throw new VidganException($"cannot create folder {path} ({e.Message.TrimEnd('.')})", 1, e);
        }
    }
}
