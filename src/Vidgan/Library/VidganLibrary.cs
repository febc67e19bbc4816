namespace Vidgan.Library;

/// <summary>A library folder: <c>catalog.db</c> (SQLite), <c>blobs/</c> (files by SHA-256) and <c>cache/</c>
/// (decoded frames). Opened by path, by <c>VIDGAN_LIBRARY</c>, or as <c>./vidgan-library</c>.</summary>
public sealed class VidganLibrary : IDisposable
{
    public const string EnvironmentVariable = "VIDGAN_LIBRARY";
    public const string DefaultFolder = "vidgan-library";

    VidganLibrary(string root, Catalog catalog, LibraryCipher? cipher)
    {
        Root = root;
        Catalog = catalog;
        Cipher = cipher;
        Blobs = new BlobStore(Path.Combine(root, "blobs"), cipher, Path.Combine(root, "tmp"));
        Cache = new ClipCache(Path.Combine(root, "cache"), cipher);
        Previews = new PreviewStore(Path.Combine(root, "previews"), cipher);
    }

    public string Root { get; }

    /// <summary>Set when the library is encrypted (<c>keyring.json</c>): every stored file goes through it.</summary>
    public LibraryCipher? Cipher { get; }
    public Catalog Catalog { get; }
    public BlobStore Blobs { get; }
    public ClipCache Cache { get; }
    public PreviewStore Previews { get; }

    /// <summary>Where files uploaded for ingest wait: <c>inbox/</c>.</summary>
    public string Inbox => Path.Combine(Root, "inbox");

    /// <summary>The key and certificates the library signs its Content Credentials with: <c>trust/</c>.</summary>
    public string TrustFolder => Path.Combine(Root, "trust");

    /// <summary>Where training runs started from the web service live: <c>runs/NAME</c>.</summary>
    public string RunsFolder => Path.Combine(Root, "runs");

    public static string ResolvePath(string? explicitPath) =>
        Path.GetFullPath(
            !string.IsNullOrWhiteSpace(explicitPath) ? explicitPath
            : Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } env ? env
            : DefaultFolder
        );

    /// <summary>Opens a library. With <paramref name="create"/> false a missing library is an error, so that
    /// read-only commands never leave an empty library behind a typo.</summary>
    /// <param name="path">The library folder (else <c>VIDGAN_LIBRARY</c>, else <c>./vidgan-library</c>).</param>
    /// <param name="create">Make the library when it does not exist.</param>
    /// <param name="pooled">Keep catalog connections pooled (a server that opens the library per request).</param>
    /// <param name="key">The key of an encrypted library (else <c>VIDGAN_LIBRARY_KEY_FILE</c> or
    /// <c>VIDGAN_LIBRARY_PASSPHRASE</c>).</param>
    /// <param name="unlocked">The cipher of an encrypted library opened before (a server unlocks once, not per
    /// request).</param>
    public static VidganLibrary Open(
        string? path,
        bool create,
        bool pooled = false,
        LibraryKey? key = null,
        LibraryCipher? unlocked = null
    )
    {
        string root = ResolvePath(path);
        string db = Path.Combine(root, "catalog.db");
        if (File.Exists(root))
            throw new VidganException($"library path {root} is a file, not a folder");
        if (!File.Exists(db))
        {
            if (!create)
                throw new VidganException($"no library at {root}: run 'vidgan ingest' first or pass --library");
            Directory.CreateDirectory(root);
        }
        var cipher = !Keyring.Exists(root)
            ? null
            : unlocked ?? new LibraryCipher(Keyring.Unlock(root, key ?? LibraryKey.FromEnvironment()));
        return new VidganLibrary(root, new Catalog(db, pooled), cipher);
    }

    public void Dispose() => Catalog.Dispose();
}
