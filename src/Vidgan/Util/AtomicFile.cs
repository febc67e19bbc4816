namespace Vidgan.Util;

/// <summary>Writes files so that a reader sees either the old content or the complete new content.</summary>
public static class AtomicFile
{
    public static void Write(string path, Action<Stream> write)
    {
        string dir = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Folders.Create(dir);
        string temp = Path.Combine(dir, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
                File.Delete(temp);
        }
    }

    public static void WriteAllText(string path, string text) =>
        Write(
            path,
            s =>
            {
                using var w = new StreamWriter(s, leaveOpen: true);
                w.Write(text);
            }
        );
}
