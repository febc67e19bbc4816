using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Konscious.Security.Cryptography;

namespace Vidgan.Library;

/// <summary>Where the key that unlocks an encrypted library comes from: a file holding 32 random bytes (raw or
/// base64), or a passphrase stretched with Argon2id.</summary>
public sealed record LibraryKey(byte[]? KeyFileBytes, string? Passphrase)
{
    public const string KeyFileVariable = "VIDGAN_LIBRARY_KEY_FILE";
    public const string PassphraseVariable = "VIDGAN_LIBRARY_PASSPHRASE";

    /// <summary>The key named by <c>VIDGAN_LIBRARY_KEY_FILE</c> or <c>VIDGAN_LIBRARY_PASSPHRASE</c>, if either is
    /// set.</summary>
    public static LibraryKey? FromEnvironment() =>
        Environment.GetEnvironmentVariable(KeyFileVariable) is { Length: > 0 } file ? FromFile(file)
        : Environment.GetEnvironmentVariable(PassphraseVariable) is { Length: > 0 } pass ? new LibraryKey(null, pass)
        : null;

    /// <summary>Makes a key file of 32 random bytes (base64), readable by its owner only.</summary>
    public static void CreateFile(string path)
    {
        using var file = Util.PrivateFile.Create(path);
        file.Write(Encoding.ASCII.GetBytes(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))));
    }

    public static LibraryKey FromFile(string path)
    {
        if (!File.Exists(path))
            throw new VidganException($"key file {path} does not exist");
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length == 32)
            return new LibraryKey(bytes, null);
        try
        {
            var decoded = Convert.FromBase64String(Encoding.ASCII.GetString(bytes).Trim());
            if (decoded.Length == 32)
                return new LibraryKey(decoded, null);
        }
        catch (FormatException) { }
        throw new VidganException($"key file {path} must hold 32 bytes, raw or in base64");
    }
}

/// <summary>An encrypted library's <c>keyring.json</c>: its random data key, wrapped (AES-256-GCM) by the key the user
/// holds. Rekeying rewraps the data key; no file is encrypted again.</summary>
public sealed class Keyring
{
    public const string FileName = "keyring.json";
    const int Version = 1;
    static readonly byte[] WrapAad = "vidgan-keyring-v1"u8.ToArray();

    sealed record Stored(
        int Version,
        string Kind,
        string? Salt,
        int MemoryKib,
        int Iterations,
        int Parallelism,
        string Wrapped
    );

    public static bool Exists(string root) => File.Exists(Path.Combine(root, FileName));

    /// <summary>Makes a new data key and stores it wrapped by <paramref name="key"/>.</summary>
    public static byte[] Create(string root, LibraryKey key)
    {
        if (Exists(root))
            throw new VidganException($"library {root} is encrypted already");
        var dataKey = RandomNumberGenerator.GetBytes(32);
        Save(root, dataKey, key);
        return dataKey;
    }

    /// <summary>The data key, or a one-line error when <paramref name="key"/> is not the one it was wrapped
    /// with.</summary>
    public static byte[] Unlock(string root, LibraryKey? key)
    {
        var stored = Read(root);
        if (stored.Version > Version)
            throw new VidganException(
                $"library {root} is encrypted with keyring version {stored.Version}; this Vidgan reads version "
                    + $"{Version}"
            );
        if (key == null)
            throw new VidganException(
                $"library {root} is encrypted: set {LibraryKey.KeyFileVariable} to its key file or "
                    + $"{LibraryKey.PassphraseVariable} to its passphrase"
            );
        var wrapped = Convert.FromBase64String(stored.Wrapped);
        var kek = WrappingKey(stored, key);
        var dataKey = new byte[32];
        try
        {
            using var aes = new AesGcm(kek, 16);
            aes.Decrypt(wrapped[..12], wrapped[12..44], wrapped[44..], dataKey, WrapAad);
        }
        catch (AuthenticationTagMismatchException)
        {
            throw new VidganException($"wrong key or passphrase for library {root}");
        }
        return dataKey;
    }

    /// <summary>Wraps the data key with a new key (after unlocking with the old one).</summary>
    public static void Rekey(string root, LibraryKey oldKey, LibraryKey newKey) =>
        Save(root, Unlock(root, oldKey), newKey);

    static void Save(string root, byte[] dataKey, LibraryKey key)
    {
        var stored =
            key.KeyFileBytes != null
                ? new Stored(Version, "key-file", null, 0, 0, 0, "")
                : new Stored(
                    Version,
                    "argon2id",
                    Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)),
                    65536,
                    3,
                    2,
                    ""
                );
        var kek = WrappingKey(stored, key);
        var nonce = RandomNumberGenerator.GetBytes(12);
        var sealedKey = new byte[32];
        var tag = new byte[16];
        using (var aes = new AesGcm(kek, 16))
            aes.Encrypt(nonce, dataKey, sealedKey, tag, WrapAad);
        stored = stored with { Wrapped = Convert.ToBase64String([.. nonce, .. sealedKey, .. tag]) };
        Util.AtomicFile.WriteAllText(Path.Combine(root, FileName), JsonSerializer.Serialize(stored, Util.Json.Options));
    }

    static Stored Read(string root)
    {
        try
        {
            return JsonSerializer.Deserialize<Stored>(File.ReadAllText(Path.Combine(root, FileName)), Util.Json.Options)
                ?? throw new JsonException("empty");
        }
        catch (JsonException e)
        {
            throw new VidganException($"library {root}: {FileName} is not readable ({e.Message})");
        }
    }

    static byte[] WrappingKey(Stored stored, LibraryKey key)
    {
        if (stored.Kind == "key-file")
            return key.KeyFileBytes
                ?? throw new VidganException("this library is unlocked with a key file, not a passphrase");
        if (key.Passphrase == null)
            throw new VidganException("this library is unlocked with a passphrase, not a key file");
        using var argon = new Argon2id(Encoding.UTF8.GetBytes(key.Passphrase))
        {
            Salt = Convert.FromBase64String(stored.Salt!),
            MemorySize = stored.MemoryKib,
            Iterations = stored.Iterations,
            DegreeOfParallelism = stored.Parallelism,
        };
        return argon.GetBytes(32);
    }
}
