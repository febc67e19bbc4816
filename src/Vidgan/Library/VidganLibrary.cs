using Vidgan.Util;

namespace Vidgan.Library;

/// <summary>A library folder: <c>catalog.db</c> (SQLite; or <c>catalog.url</c>, naming a PostgreSQL catalog:
/// <see cref="CatalogLocation"/>), <c>blobs/</c> (files by SHA-256) and <c>cache/</c> (decoded frames). Opened by path,
/// by <c>VIDGAN_LIBRARY</c>, or as <c>./vidgan-library</c>.</summary>
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

    /// <summary>The evaluation's judges, trained once per set of training clips: <c>judges/</c>.</summary>
    public string JudgesFolder => Path.Combine(Root, "judges");

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
        if (File.Exists(root))
            throw new VidganException($"library path {root} is a file, not a folder");
        var catalog = CatalogLocation.For(root);
        bool exists = catalog.IsFileIn(root) ? File.Exists(catalog.Target) : Directory.Exists(root);
        if (!exists)
        {
            if (!create)
                throw new VidganException(
                    $"no library at {root}: run 'vidgan ingest' or 'vidgan library init' first, or pass --library"
                );
            Folders.Create(root);
        }
        if (catalog.Backend == CatalogBackend.Postgres)
            RememberCatalog(root, catalog);
        var cipher = !Keyring.Exists(root)
            ? null
            : unlocked ?? new LibraryCipher(Keyring.Unlock(root, key ?? LibraryKey.FromEnvironment()));
        return new VidganLibrary(root, new Catalog(catalog, pooled), cipher);
    }

    /// <summary>A library whose catalog is in PostgreSQL keeps its URL in <c>catalog.url</c> (owner-only: the URL may
    /// hold a password, as <c>~/.pgpass</c> does), so that later commands find it without a flag. A library that
    /// keeps its catalog in <c>catalog.db</c> is not silently given an empty one elsewhere.</summary>
    static void RememberCatalog(string root, CatalogLocation catalog)
    {
        if (File.Exists(Path.Combine(root, "catalog.db")))
            throw new VidganException(
                $"library {root} keeps its catalog in catalog.db: run 'vidgan library migrate --to URL' to move it to "
                    + "PostgreSQL"
            );
        if (!File.Exists(Path.Combine(root, CatalogLocation.SettingFile)))
            catalog.SaveIn(root);
    }

    public void Dispose() => Catalog.Dispose();
}
