using System.Data.Common;
using Vidgan.Util;

namespace Vidgan.Library;

/// <summary>The catalog of a library: assets, clip sets and clips, training runs, checkpoints, tags, jobs and keys, in
/// SQLite (the embedded default) or PostgreSQL (<see cref="CatalogLocation"/>). It holds one connection and is not
/// thread-safe: use it from one thread at a time.</summary>
public sealed partial class Catalog : IDisposable
{
    internal const int SchemaVersion = 5;
    readonly DbConnection connection;
    readonly CatalogDialect dialect;

    /// <param name="databasePath">The catalog file (SQLite).</param>
    /// <param name="pooled">Reuse connections after dispose (a server that opens the catalog per request).</param>
    public Catalog(string databasePath, bool pooled = false)
        : this(CatalogLocation.SqliteFile(databasePath), pooled) { }

    public Catalog(CatalogLocation location, bool pooled = false)
    {
        Location = location;
        dialect = CatalogDialect.For(location.Backend);
        try
        {
            connection = dialect.Open(location, pooled);
        }
        catch (Exception e) when (e is DbException or TimeoutException or ArgumentException)
        {
            throw dialect.Explain(e, location);
        }
        try
        {
            Migrate();
        }
        catch (DbException e)
        {
            connection.Dispose();
            throw dialect.Explain(e, location);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    public CatalogLocation Location { get; }

    void Migrate()
    {
        if (CheckVersion(dialect.SchemaVersion(connection, null)))
            return;
        using var tx = connection.BeginTransaction();
        dialect.LockSchema(connection, tx);
        long version = dialect.SchemaVersion(connection, tx);
        if (CheckVersion(version))
            return;
        foreach (var step in CatalogSchema.StepsAfter(version))
            Execute(dialect.Schema(step), tx);
        dialect.SetSchemaVersion(connection, tx, SchemaVersion);
        tx.Commit();
    }

    /// <summary>True when the catalog is up to date; an error when it is newer than this Vidgan.</summary>
    static bool CheckVersion(long version) =>
        version > SchemaVersion
            ? throw new VidganException(
                $"library catalog schema {version} is newer than this Vidgan ({SchemaVersion}): upgrade Vidgan"
            )
            : version == SchemaVersion;

    public static string Now() => DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ");

    public DbTransaction BeginTransaction() => connection.BeginTransaction();

    // ---- assets -------------------------------------------------------------------------------

    public Asset? FindAsset(string sha256, AssetSource source) =>
        QueryAssets("WHERE a.sha256 = @sha AND a.source = @source", [("@sha", sha256), ("@source", Name(source))])
            is [var found, ..]
            ? found
            : null;

    /// <summary>The generated asset made of these frames in this format (<see cref="Asset.ContentSha256"/>).</summary>
    public Asset? FindByContent(string contentSha256, AssetSource source) =>
        QueryAssets(
            "WHERE a.content_sha256 = @c AND a.source = @source",
            [("@c", contentSha256), ("@source", Name(source))]
        )
            is [var found, ..]
            ? found
            : null;

    /// <summary>The asset whose pixels carry this watermark mark.</summary>
    public Asset? FindByWatermark(int mark) =>
        QueryAssets("WHERE a.watermark = @m", [("@m", mark)]) is [var found, ..] ? found : null;

    public Asset? GetAsset(long id) => QueryAssets("WHERE a.id = @id", [("@id", id)]) is [var a, ..] ? a : null;

    public long AddAsset(Asset a, DbTransaction? tx = null) => (long)InsertAsset(a, tx, "")!;

    /// <summary>Adds the asset unless one with its bytes and source is there already (another process may have just
    /// added it); returns its id and whether this call added it.</summary>
    public (long Id, bool Added) AddAssetOnce(Asset a)
    {
        if (InsertAsset(a, null, "ON CONFLICT(sha256, source) DO NOTHING") is long id)
            return (id, true);
        return (FindAsset(a.Sha256, a.Source)!.Id, false);
    }

    object? InsertAsset(Asset a, DbTransaction? tx, string onConflict)
    {
        using var cmd = Command(
            """
            INSERT INTO assets(sha256, source, name, format, class, split, original_path, width, height, frames, fps,
              duration, codec, bytes, score, seed, run_id, model, checkpoint_sha256, parameters, nearest_train_distance,
              near_copy, created_at, nearest_clip_id, content_sha256, watermark, credentials_sha256)
            VALUES(@sha, @source, @name, @format, @class, @split, @orig, @w, @h, @frames, @fps, @dur, @codec, @bytes,
              @score, @seed, @run, @model, @ckpt, @params, @near, @nearcopy, @created, @nearclip, @content, @mark,
              @credentials)
            """
                + onConflict
                + " RETURNING id",
            tx
        );
        Bind(
            cmd,
            ("@sha", a.Sha256),
            ("@source", Name(a.Source)),
            ("@name", a.Name),
            ("@format", a.Format),
            ("@class", a.Class),
            ("@split", a.Split is Split sp ? Name(sp) : null),
            ("@orig", a.OriginalPath),
            ("@w", a.Width),
            ("@h", a.Height),
            ("@frames", a.Frames),
            ("@fps", a.Fps),
            ("@dur", a.Duration),
            ("@codec", a.Codec),
            ("@bytes", a.Bytes),
            ("@score", a.Score),
            ("@seed", a.Seed),
            ("@run", a.RunId),
            ("@model", a.Model),
            ("@ckpt", a.CheckpointSha256),
            ("@params", a.Parameters),
            ("@near", a.NearestTrainDistance),
            ("@nearcopy", a.NearCopy ? 1 : 0),
            ("@created", a.CreatedAt.Length > 0 ? a.CreatedAt : Now()),
            ("@nearclip", a.NearestClipId),
            ("@content", a.ContentSha256),
            ("@mark", a.Watermark),
            ("@credentials", a.CredentialsSha256)
        );
        return cmd.ExecuteScalar();
    }

    public void AddTag(long assetId, string tag, DbTransaction? tx = null)
    {
        using var cmd = Command("INSERT INTO tags(asset_id, tag) VALUES(@id, @tag) ON CONFLICT DO NOTHING", tx);
        Bind(cmd, ("@id", assetId), ("@tag", tag));
        cmd.ExecuteNonQuery();
    }

    /// <summary>Deletes the asset's row (with its clips and tags). Returns how many rows still use its bytes.</summary>
    public int RemoveAsset(long id, string sha256) => RemoveAsset(id, sha256, null).Remaining;

    /// <summary>Deletes the asset's row; returns how many rows still use its bytes and whether its credentials
    /// sidecar is still used.</summary>
    public (int Remaining, bool CredentialsUsed) RemoveAsset(long id, string sha256, string? credentialsSha256)
    {
        using var tx = connection.BeginTransaction();
        using (var del = Command("DELETE FROM assets WHERE id = @id", tx))
        {
            Bind(del, ("@id", id));
            del.ExecuteNonQuery();
        }
        using var count = Command("SELECT COUNT(*) FROM assets WHERE sha256 = @sha", tx);
        Bind(count, ("@sha", sha256));
        int remaining = Convert.ToInt32(count.ExecuteScalar());
        using var credentials = Command("SELECT COUNT(*) FROM assets WHERE credentials_sha256 = @c", tx);
        Bind(credentials, ("@c", credentialsSha256));
        bool used = Convert.ToInt32(credentials.ExecuteScalar()) > 0;
        tx.Commit();
        return (remaining, used);
    }

    // ---- clip sets and clips --------------------------------------------------------------------

    public ClipSet GetOrAddClipSet(
        string key,
        int size,
        int frames,
        double fps,
        string fit,
        int stride,
        double testFraction
    )
    {
        using (
            var ins = Command(
                """
                INSERT INTO clip_sets(key, size, frames, fps, fit, stride, test_fraction, created_at)
                VALUES(@key, @size, @frames, @fps, @fit, @stride, @tf, @now) ON CONFLICT DO NOTHING
                """
            )
        )
        {
            Bind(
                ins,
                ("@key", key),
                ("@size", size),
                ("@frames", frames),
                ("@fps", fps),
                ("@fit", fit),
                ("@stride", stride),
                ("@tf", testFraction),
                ("@now", Now())
            );
            ins.ExecuteNonQuery();
        }
        return ClipSets().First(s => s.Key == key);
    }

    /// <summary>The clip set with this key, or null when the library has none.</summary>
    public ClipSet? FindClipSet(string key) => ClipSets().FirstOrDefault(s => s.Key == key);

    public IReadOnlyList<ClipSet> ClipSets()
    {
        using var cmd = Command(
            "SELECT id, key, size, frames, fps, fit, stride, test_fraction, created_at FROM clip_sets ORDER BY id"
        );
        using var r = cmd.ExecuteReader();
        var list = new List<ClipSet>();
        while (r.Read())
            list.Add(
                new ClipSet(
                    r.GetInt64(0),
                    r.GetString(1),
                    r.GetInt32(2),
                    r.GetInt32(3),
                    r.GetDouble(4),
                    r.GetString(5),
                    r.GetInt32(6),
                    r.GetDouble(7),
                    r.GetString(8)
                )
            );
        return list;
    }

    public void AddClip(
        long setId,
        long assetId,
        int start,
        Split split,
        string? cls,
        string cacheKey,
        DbTransaction? tx = null
    )
    {
        using var cmd = Command(
            """
            INSERT INTO clips(set_id, asset_id, start_frame, split, class, cache_key)
            VALUES(@set, @asset, @start, @split, @class, @key) ON CONFLICT DO NOTHING
            """,
            tx
        );
        Bind(
            cmd,
            ("@set", setId),
            ("@asset", assetId),
            ("@start", start),
            ("@split", Name(split)),
            ("@class", cls),
            ("@key", cacheKey)
        );
        cmd.ExecuteNonQuery();
    }

    public ClipRecord? GetClip(long id)
    {
        using var cmd = Command(
            "SELECT id, set_id, asset_id, start_frame, split, class, cache_key FROM clips WHERE id = @id"
        );
        Bind(cmd, ("@id", id));
        using var r = cmd.ExecuteReader();
        return r.Read() ? ReadClip(r) : null;
    }

    /// <summary>A clip from a row of id, set_id, asset_id, start_frame, split, class, cache_key.</summary>
    static ClipRecord ReadClip(DbDataReader r) =>
        new(
            r.GetInt64(0),
            r.GetInt64(1),
            r.GetInt64(2),
            r.GetInt32(3),
            Parse<Split>(r.GetString(4)),
            Str(r, 5),
            r.GetString(6)
        );

    public bool HasClips(long setId, long assetId)
    {
        using var cmd = Command("SELECT EXISTS(SELECT 1 FROM clips WHERE set_id = @set AND asset_id = @asset)");
        Bind(cmd, ("@set", setId), ("@asset", assetId));
        return Convert.ToInt64(cmd.ExecuteScalar()) != 0;
    }

    public IReadOnlyList<ClipRecord> Clips(long setId, Split? split = null)
    {
        using var cmd = Command(
            "SELECT id, set_id, asset_id, start_frame, split, class, cache_key FROM clips WHERE set_id = @set"
                + (split != null ? " AND split = @split" : "")
                + " ORDER BY asset_id, start_frame"
        );
        Bind(cmd, ("@set", setId), ("@split", split is Split sp ? Name(sp) : null));
        using var r = cmd.ExecuteReader();
        var list = new List<ClipRecord>();
        while (r.Read())
            list.Add(ReadClip(r));
        return list;
    }

    // ---- runs and checkpoints -------------------------------------------------------------------

    public long UpsertRun(string runDir, string model, string configJson, long? clipSetId)
    {
        using var cmd = Command(
            """
            INSERT INTO runs(run_dir, model, config, clip_set_id, created_at, updated_at)
            VALUES(@dir, @model, @config, @set, @now, @now)
            ON CONFLICT(run_dir) DO UPDATE SET model = @model, config = @config, clip_set_id = @set, updated_at = @now
            RETURNING id
            """
        );
        Bind(cmd, ("@dir", runDir), ("@model", model), ("@config", configJson), ("@set", clipSetId), ("@now", Now()));
        return (long)cmd.ExecuteScalar()!;
    }

    public long? FindRun(string runDir)
    {
        using var cmd = Command("SELECT id FROM runs WHERE run_dir = @dir");
        Bind(cmd, ("@dir", runDir));
        return cmd.ExecuteScalar() is long id ? id : null;
    }

    public void AddCheckpoint(long runId, string sha256, long step, string path)
    {
        using var tx = connection.BeginTransaction();
        using (
            var cmd = Command(
                "INSERT INTO checkpoints(run_id, sha256, step, path, created_at) VALUES(@run, @sha, @step, @path, "
                    + "@now)",
                tx
            )
        )
        {
            Bind(
                cmd,
                ("@run", runId),
                ("@sha", sha256),
                ("@step", step),
                ("@path", Path.GetFullPath(path)),
                ("@now", Now())
            );
            cmd.ExecuteNonQuery();
        }
        using (
            var upd = Command(
                "UPDATE runs SET steps = CASE WHEN steps > @step THEN steps ELSE @step END, updated_at = @now "
                    + "WHERE id = @run",
                tx
            )
        )
        {
            Bind(upd, ("@run", runId), ("@step", step), ("@now", Now()));
            upd.ExecuteNonQuery();
        }
        tx.Commit();
    }

    public IReadOnlyList<StatsRow> GroupCounts()
    {
        using var cmd = Command(
            "SELECT source, class, split, COUNT(*), AVG(score) FROM assets "
                + "GROUP BY source, class, split ORDER BY source DESC, class, split"
        );
        using var r = cmd.ExecuteReader();
        var list = new List<StatsRow>();
        while (r.Read())
            list.Add(
                new StatsRow(
                    Parse<AssetSource>(r.GetString(0)),
                    Str(r, 1),
                    Str(r, 2) is string split ? Parse<Split>(split) : null,
                    r.GetInt64(3),
                    r.IsDBNull(4) ? null : r.GetDouble(4)
                )
            );
        return list;
    }

    public long Count(string table)
    {
        if (table is not ("assets" or "runs" or "checkpoints" or "clips"))
            throw new ArgumentException(table);
        return (long)Scalar($"SELECT COUNT(*) FROM {table}")!;
    }

    public IReadOnlyList<string> DistinctBlobHashes()
    {
        using var cmd = Command("SELECT DISTINCT sha256 FROM assets");
        using var r = cmd.ExecuteReader();
        var list = new List<string>();
        while (r.Read())
            list.Add(r.GetString(0));
        return list;
    }

    // ---- plumbing -------------------------------------------------------------------------------

    DbCommand Command(string sql, DbTransaction? tx = null)
    {
        var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.Transaction = tx;
        return cmd;
    }

    static void Bind(DbCommand cmd, params (string Name, object? Value)[] values)
    {
        foreach (var (name, value) in values)
        {
            var parameter = cmd.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            cmd.Parameters.Add(parameter);
        }
    }

    void Execute(string sql, DbTransaction? tx = null)
    {
        using var cmd = Command(sql, tx);
        cmd.ExecuteNonQuery();
    }

    object? Scalar(string sql)
    {
        using var cmd = Command(sql);
        return cmd.ExecuteScalar();
    }

    static string? Str(DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    public void Dispose() => connection.Dispose();

    static string Name<T>(T value)
        where T : struct, Enum => SettingNames.Name(value);

    static T Parse<T>(string name)
        where T : struct, Enum => SettingNames.Parse<T>(name, typeof(T).Name);
}
