namespace Vidgan.Library;

/// <summary>Turns a library's stored files into encrypted ones: every blob, frame-cache entry and preview in place,
/// each atomically, skipping those already encrypted, so an interrupted conversion is finished by running it
/// again. The signing key is converted by the Trust stage (it owns that file).</summary>
public static class LibraryEncryption
{
    public sealed record Result(int Blobs, int CacheEntries, int Previews);

    /// <summary>Creates the keyring of a plain library; the caller reopens it with the key and converts it.</summary>
    public static void CreateKeyring(string root, LibraryKey key) => Keyring.Create(root, key);

    public static Result Convert(VidganLibrary lib)
    {
        var cipher = lib.Cipher ?? throw new VidganException($"library {lib.Root} has no keyring: encrypt it first");
        int blobs = 0,
            cache = 0,
            previews = 0;
        foreach (string file in Files(lib.Blobs.Directory))
            if (lib.Blobs.Encrypt(Path.GetFileName(file)))
                blobs++;
        foreach (string file in Files(lib.Cache.Directory).Where(f => f.EndsWith(".frames", StringComparison.Ordinal)))
            if (lib.Cache.Encrypt(file))
                cache++;
        foreach (string file in Files(lib.Previews.Directory))
            if (cipher.EncryptInPlace(file, "preview:" + Path.GetFileName(file)))
                previews++;
        return new Result(blobs, cache, previews);
    }

    /// <summary>A folder's finished files, listed before any is rewritten.</summary>
    static List<string> Files(string dir) =>
        LibraryCheck.Files(dir).Where(f => !LibraryCheck.IsTempName(Path.GetFileName(f))).ToList();
}
