using Vidgan.Util;

namespace Vidgan.Library;

/// <summary>Files stored once, by the SHA-256 of their bytes: <c>blobs/ab/abcdef…</c>.</summary>
public sealed class BlobStore(string directory)
{
    public string Directory { get; } = directory;

    public string PathFor(string sha256) => Path.Combine(Directory, sha256[..2], sha256);

    public bool Contains(string sha256) => File.Exists(PathFor(sha256));

    /// <summary>Copies a file in (if its bytes are not stored yet) and returns its hash.</summary>
    public string Put(string file, string? knownSha256 = null)
    {
        string sha = knownSha256 ?? Hashing.Sha256File(file);
        string target = PathFor(sha);
        if (!File.Exists(target))
            AtomicFile.Write(
                target,
                s =>
                {
                    using var src = File.OpenRead(file);
                    src.CopyTo(s);
                }
            );
        return sha;
    }

    public void Delete(string sha256)
    {
        string path = PathFor(sha256);
        if (File.Exists(path))
            File.Delete(path);
    }
}
