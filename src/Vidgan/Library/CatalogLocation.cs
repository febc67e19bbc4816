using Npgsql;
using Vidgan.Util;

namespace Vidgan.Library;

/// <summary>The database engines a catalog can live in.</summary>
public enum CatalogBackend
{
    /// <summary>A file in the library folder (<c>catalog.db</c>): the embedded default, for one machine.</summary>
    Sqlite,

    /// <summary>A PostgreSQL database, for a team and for workers on many machines.</summary>
    Postgres,
}

/// <summary>Where a library's catalog lives: an SQLite file, or a PostgreSQL database named by a URL
/// (<c>postgres://user[:password]@host[:port]/database[?sslmode=…]</c>). A password left out of the URL comes from
/// <c>PGPASSWORD</c> or <c>~/.pgpass</c>, as for every PostgreSQL client.</summary>
public sealed record CatalogLocation
{
    public const string EnvironmentVariable = "VIDGAN_CATALOG";

    /// <summary>The file in a library folder that names its PostgreSQL catalog.</summary>
    public const string SettingFile = "catalog.url";

    CatalogLocation(CatalogBackend backend, string target, string display, string url)
    {
        Backend = backend;
        Target = target;
        Display = display;
        Url = url;
    }

    public CatalogBackend Backend { get; }

    /// <summary>The SQLite file's path, or the Npgsql connection string (which may hold a password).</summary>
    public string Target { get; }

    /// <summary>The location as it can be printed: a path, or the URL without its password.</summary>
    public string Display { get; }

    /// <summary>The location as it was given (a URL may hold a password).</summary>
    public string Url { get; }

    public static CatalogLocation SqliteFile(string path) =>
        new(CatalogBackend.Sqlite, Path.GetFullPath(path), Path.GetFullPath(path), Path.GetFullPath(path));

    /// <summary>A <c>postgres://</c> URL, or else the path of an SQLite file.</summary>
    public static CatalogLocation Parse(string text)
    {
        text = text.Trim();
        if (
            !text.StartsWith("postgres://", StringComparison.Ordinal)
            && !text.StartsWith("postgresql://", StringComparison.Ordinal)
        )
            return text.Contains("://", StringComparison.Ordinal)
                ? throw new VidganException($"catalog '{text}' is neither a postgres:// URL nor a file path", 2)
                : SqliteFile(text);
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Host.Length == 0)
            throw new VidganException(
                "catalog URL is not valid: use postgres://user[:password]@host[:port]/database",
                2
            );
        string database = Uri.UnescapeDataString(uri.AbsolutePath.Trim('/'));
        if (database.Length == 0 || database.Contains('/'))
            throw new VidganException($"catalog URL {Redact(uri)} names no database: add /DATABASE after the host", 2);
        string[] user = uri.UserInfo.Split(':', 2);
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host,
            Port = uri.IsDefaultPort || uri.Port < 0 ? 5432 : uri.Port,
            Database = database,
            ApplicationName = "vidgan",
        };
        if (user[0].Length > 0)
            builder.Username = Uri.UnescapeDataString(user[0]);
        if (user.Length > 1)
            builder.Password = Uri.UnescapeDataString(user[1]);
        foreach (var (key, value) in Query(uri))
        {
            if (key != "sslmode" || !Enum.TryParse<SslMode>(value, ignoreCase: true, out var mode))
                throw new VidganException(
                    $"catalog URL option '{key}={value}' is not known: only sslmode (disable, prefer, require, "
                        + "verify-ca, verify-full) is",
                    2
                );
            builder.SslMode = mode;
        }
        return new CatalogLocation(CatalogBackend.Postgres, builder.ConnectionString, Redact(uri), text);
    }

    /// <summary>The catalog of the library at <paramref name="root"/>: <paramref name="explicitLocation"/> (a flag),
    /// else <c>VIDGAN_CATALOG</c>, else the library's <c>catalog.url</c>, else its <c>catalog.db</c>.</summary>
    public static CatalogLocation For(string root, string? explicitLocation = null)
    {
        if (!string.IsNullOrWhiteSpace(explicitLocation))
            return Parse(explicitLocation);
        if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } env)
            return Parse(env);
        string setting = Path.Combine(root, SettingFile);
        return File.Exists(setting) ? Parse(File.ReadAllText(setting)) : SqliteFile(Path.Combine(root, "catalog.db"));
    }

    /// <summary>Writes <c>catalog.url</c> in the library folder, owner-only (the URL may hold a password, as
    /// <c>~/.pgpass</c> does), so that later commands find the catalog without a flag.</summary>
    public void SaveIn(string root)
    {
        string setting = Path.Combine(root, SettingFile);
        string temp = setting + ".tmp-" + Guid.NewGuid().ToString("N");
        using (var file = new StreamWriter(PrivateFile.Create(temp)))
            file.WriteLine(Url);
        File.Move(temp, setting, overwrite: true);
    }

    /// <summary>True when this catalog is the library's own file (not a database elsewhere).</summary>
    public bool IsFileIn(string root) =>
        Backend == CatalogBackend.Sqlite && Target == Path.GetFullPath(Path.Combine(root, "catalog.db"));

    static string Redact(Uri uri) =>
        $"postgres://{(uri.UserInfo.Length > 0 ? uri.UserInfo.Split(':')[0] + "@" : "")}{uri.Host}"
        + $"{(uri.IsDefaultPort || uri.Port < 0 ? "" : ":" + uri.Port)}{uri.AbsolutePath}{uri.Query}";

    static IEnumerable<(string Key, string Value)> Query(Uri uri) =>
        uri
            .Query.TrimStart('?')
            .Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(part => part.Split('=', 2))
            .Select(kv => (Uri.UnescapeDataString(kv[0]), kv.Length > 1 ? Uri.UnescapeDataString(kv[1]) : ""));
}
