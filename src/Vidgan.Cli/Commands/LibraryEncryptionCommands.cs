using System.CommandLine;
using Vidgan.Evaluation;
using Vidgan.Library;
using Vidgan.Trust;
using Vidgan.Util;

namespace Vidgan.Cli.Commands;

/// <summary><c>vidgan library init|encrypt|rekey</c>: encryption at rest. Keys come from a key file (made when the
/// named file does not exist) or a passphrase in an environment variable, never from the command line.</summary>
public static class LibraryEncryptionCommands
{
    const string NewPassphraseVariable = "VIDGAN_LIBRARY_NEW_PASSPHRASE";

    static Option<string?> KeyFile(string name = "--key-file") =>
        new(name)
        {
            Description =
                $"File with the library's 32-byte key (made if it does not exist); else the passphrase in "
                + $"${LibraryKey.PassphraseVariable}",
        };

    /// <summary>The key a command is given: the file (made when missing), else the passphrase variable.</summary>
    static LibraryKey KeyFrom(string? file, string passphraseVariable)
    {
        if (file != null)
        {
            if (!File.Exists(file))
            {
                LibraryKey.CreateFile(file);
                Console.Error.WriteLine(
                    $"made a new key in {file}: keep it safe, the library cannot be read without it"
                );
            }
            return LibraryKey.FromFile(file);
        }
        return Environment.GetEnvironmentVariable(passphraseVariable) is { Length: > 0 } pass
            ? new LibraryKey(null, pass)
            : throw new VidganException($"give --key-file FILE or set {passphraseVariable} to a passphrase", 2);
    }

    public static Command Init()
    {
        var library = CommonOptions.Library();
        var encrypt = new Option<bool>("--encrypt") { Description = "Encrypt everything the library stores" };
        var keyFile = KeyFile();
        var command = new Command("init", "Make a new, empty library (encrypted with --encrypt)")
        {
            library,
            encrypt,
            keyFile,
        };
        command.SetAction(r =>
        {
            string root = VidganLibrary.ResolvePath(r.GetValue(library));
            if (File.Exists(Path.Combine(root, "catalog.db")))
                throw new VidganException($"a library exists at {root} already (use 'vidgan library encrypt')");
            var key = r.GetValue(encrypt) ? KeyFrom(r.GetValue(keyFile), LibraryKey.PassphraseVariable) : null;
            Folders.Create(root);
            if (key != null)
                LibraryEncryption.CreateKeyring(root, key);
            using var lib = VidganLibrary.Open(root, create: true, key: key);
            Console.WriteLine($"library {root} made{(key != null ? ", encrypted (AES-256-GCM)" : "")}");
            return 0;
        });
        return command;
    }

    public static Command Encrypt()
    {
        var library = CommonOptions.Library();
        var keyFile = KeyFile();
        var command = new Command(
            "encrypt",
            "Encrypt an existing library in place (run it again to finish one cut short)"
        )
        {
            library,
            keyFile,
        };
        command.SetAction(r =>
        {
            string root = VidganLibrary.ResolvePath(r.GetValue(library));
            if (!File.Exists(Path.Combine(root, "catalog.db")))
                throw new VidganException($"no library at {root}: run 'vidgan ingest' first or pass --library");
            LibraryKey key =
                Keyring.Exists(root) && r.GetValue(keyFile) == null
                    ? LibraryKey.FromEnvironment() ?? KeyFrom(null, LibraryKey.PassphraseVariable)
                    : KeyFrom(r.GetValue(keyFile), LibraryKey.PassphraseVariable);
            if (!Keyring.Exists(root))
                LibraryEncryption.CreateKeyring(root, key);
            using var lib = VidganLibrary.Open(root, create: false, key: key);
            bool keyConverted = SigningIdentity.EncryptKey(lib.TrustFolder, lib.Cipher!);
            var done = LibraryEncryption.Convert(lib);
            int judges = Judge.EncryptCached(lib);
            Console.WriteLine(
                $"library {root} encrypted: {done.Blobs} files, {done.CacheEntries} frame-cache entries, "
                    + $"{done.Previews} previews, {judges} cached judges"
                    + $"{(keyConverted ? " and the signing key" : "")} converted now"
            );
            return 0;
        });
        return command;
    }

    public static Command Rekey()
    {
        var library = CommonOptions.Library();
        var newKeyFile = KeyFile("--new-key-file");
        newKeyFile.Description =
            "File with the new 32-byte key (made if it does not exist); else the passphrase in "
            + $"${NewPassphraseVariable}";
        var command = new Command(
            "rekey",
            $"Lock the library with a new key (the old one from ${LibraryKey.KeyFileVariable} or "
                + $"${LibraryKey.PassphraseVariable}); no file is encrypted again"
        )
        {
            library,
            newKeyFile,
        };
        command.SetAction(r =>
        {
            string root = VidganLibrary.ResolvePath(r.GetValue(library));
            if (!Keyring.Exists(root))
                throw new VidganException($"library {root} is not encrypted");
            var oldKey = LibraryKey.FromEnvironment();
            if (oldKey == null)
                throw new VidganException(
                    $"set {LibraryKey.KeyFileVariable} or {LibraryKey.PassphraseVariable} to the library's current key"
                );
            Keyring.Rekey(root, oldKey, KeyFrom(r.GetValue(newKeyFile), NewPassphraseVariable));
            Console.WriteLine($"library {root} now opens with the new key only");
            return 0;
        });
        return command;
    }
}
