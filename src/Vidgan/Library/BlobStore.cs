using Vidgan.Util;

namespace Vidgan.Library;

/// <summary>Files stored once, by the SHA-256 of their bytes: <c>blobs/ab/abcdef…</c>; encrypted when the library
/// is.</summary>
/// <param name="scratch">Where a decrypted copy lives while a tool that needs a file (FFmpeg) reads it.</param>
public sealed class BlobStore(string directory, LibraryCipher? cipher = null, string? scratch = null)
{
    public string Directory { get; } = directory;

    public string PathFor(string sha256) => Path.Combine(Directory, sha256[..2], sha256);

    public bool Contains(string sha256) => File.Exists(PathFor(sha256));

    public bool IsEncrypted(string sha256) => cipher != null && LibraryCipher.IsEncrypted(PathFor(sha256));

    /// <summary>Copies a file in (if its bytes are not stored yet) and returns its hash.</summary>
    public string Put(string file, string? knownSha256 = null)
    {
        string sha = knownSha256 ?? Hashing.Sha256File(file);
        string target = PathFor(sha);
        if (!File.Exists(target))
            Write(target, sha, file);
        return sha;
    }

    void Write(string target, string sha, string file)
    {
        void Copy(Stream s)
        {
            using var src = File.OpenRead(file);
            src.CopyTo(s);
        }
        if (cipher != null)
            cipher.Write(target, Name(sha), Copy);
        else
            AtomicFile.Write(target, Copy);
    }

    /// <summary>The stored bytes (decrypted, seekable).</summary>
    public Stream OpenRead(string sha256) =>
        cipher != null ? cipher.OpenEither(PathFor(sha256), Name(sha256)) : File.OpenRead(PathFor(sha256));

    /// <summary>A path FFmpeg can read: the stored file itself, or in an encrypted library a decrypted copy that is
    /// deleted when the result is disposed.</summary>
    public PlainFile Plain(string sha256)
    {
        if (!IsEncrypted(sha256))
            return new PlainFile(PathFor(sha256), null);
        string dir = scratch ?? Path.GetTempPath();
        System.IO.Directory.CreateDirectory(dir);
        string temp = Path.Combine(dir, $".{sha256}.{Guid.NewGuid():N}.tmp");
        using (var output = PrivateFile.Create(temp))
        using (var input = OpenRead(sha256))
            input.CopyTo(output);
        return new PlainFile(temp, temp);
    }

    /// <summary>Encrypts a stored file in place (for converting a library); does nothing to one that is
    /// already.</summary>
    public bool Encrypt(string sha256)
    {
        string path = PathFor(sha256);
        if (cipher == null || LibraryCipher.IsEncrypted(path))
            return false;
        Write(path, sha256, path);
        return true;
    }

    static string Name(string sha256) => "blob:" + sha256;

    public void Delete(string sha256)
    {
        string path = PathFor(sha256);
        if (File.Exists(path))
            File.Delete(path);
    }
}

/// <summary>A file path to read, and the decrypted copy to delete afterwards (if one was made).</summary>
public sealed class PlainFile(string path, string? temporary) : IDisposable
{
    public string Path { get; } = path;

    public void Dispose()
    {
        if (temporary != null && File.Exists(temporary))
            File.Delete(temporary);
    }
}
