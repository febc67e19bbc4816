using Microsoft.Data.Sqlite;
using Vidgan.Util;

namespace Vidgan.Library;

/// <summary>The SQLite catalog of a library: assets, clip sets and clips, training runs, checkpoints, tags.
/// It holds one connection and is not thread-safe: use it from one thread at a time.</summary>
public sealed class Catalog : IDisposable
{
    const int SchemaVersion = 1;
    readonly SqliteConnection connection;

    public Catalog(string databasePath)
    {
        connection = new SqliteConnection(
            new SqliteConnectionStringBuilder
            {
                DataSource = databasePath,
                Mode = SqliteOpenMode.ReadWriteCreate,
                Pooling = false,
            }.ToString()
        );
        try
        {
            connection.Open();
            Execute("PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=5000;");
            Migrate();
        }
        catch (SqliteException e)
        {
            connection.Dispose();
            throw new VidganException($"cannot open library catalog {databasePath}: {e.Message}", 1, e);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    void Migrate()
    {
        long version = (long)Scalar("PRAGMA user_version")!;
        if (version > SchemaVersion)
            throw new VidganException(
                $"library catalog schema {version} is newer than this Vidgan ({SchemaVersion}): upgrade Vidgan"
            );
        if (version == SchemaVersion)
            return;
        using var tx = connection.BeginTransaction();
        Execute(
            """
            CREATE TABLE IF NOT EXISTS runs(
              id INTEGER PRIMARY KEY, run_dir TEXT NOT NULL UNIQUE, model TEXT NOT NULL, config TEXT NOT NULL,
              clip_set_id INTEGER, steps INTEGER NOT NULL DEFAULT 0, created_at TEXT NOT NULL,
              updated_at TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS assets(
              id INTEGER PRIMARY KEY, sha256 TEXT NOT NULL,
              source TEXT NOT NULL CHECK(source IN ('real','generated')),
              name TEXT NOT NULL, format TEXT NOT NULL, class TEXT, split TEXT, original_path TEXT,
              width INTEGER, height INTEGER, frames INTEGER, fps REAL, duration REAL, codec TEXT, bytes INTEGER,
              score REAL, seed INTEGER, run_id INTEGER REFERENCES runs(id) ON DELETE SET NULL, model TEXT,
              checkpoint_sha256 TEXT, parameters TEXT, nearest_train_distance REAL,
              near_copy INTEGER NOT NULL DEFAULT 0,
              created_at TEXT NOT NULL, UNIQUE(sha256, source));
            CREATE INDEX IF NOT EXISTS assets_class ON assets(class);
            CREATE TABLE IF NOT EXISTS clip_sets(
              id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, size INTEGER NOT NULL, frames INTEGER NOT NULL,
              fps REAL NOT NULL, fit TEXT NOT NULL, stride INTEGER NOT NULL, test_fraction REAL NOT NULL,
              created_at TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS clips(
              id INTEGER PRIMARY KEY, set_id INTEGER NOT NULL REFERENCES clip_sets(id) ON DELETE CASCADE,
              asset_id INTEGER NOT NULL REFERENCES assets(id) ON DELETE CASCADE, start_frame INTEGER NOT NULL,
              split TEXT NOT NULL, class TEXT, cache_key TEXT NOT NULL, UNIQUE(set_id, asset_id, start_frame));
            CREATE TABLE IF NOT EXISTS checkpoints(
              id INTEGER PRIMARY KEY, run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
              sha256 TEXT NOT NULL, step INTEGER NOT NULL, path TEXT NOT NULL, created_at TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS tags(
              asset_id INTEGER NOT NULL REFERENCES assets(id) ON DELETE CASCADE, tag TEXT NOT NULL,
              PRIMARY KEY(asset_id, tag));
            """,
            tx
        );
        Execute($"PRAGMA user_version={SchemaVersion}", tx);
        tx.Commit();
    }

    public static string Now() => DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ");

    public SqliteTransaction BeginTransaction() => connection.BeginTransaction();

    // ---- assets -------------------------------------------------------------------------------

    public Asset? FindAsset(string sha256, AssetSource source) =>
        QueryAssets(
            "WHERE a.sha256 = $sha AND a.source = $source",
            p =>
            {
                p("$sha", sha256);
                p("$source", Name(source));
            }
        )
            is [var found, ..]
            ? found
            : null;

    public Asset? GetAsset(long id) => QueryAssets("WHERE a.id = $id", p => p("$id", id)) is [var a, ..] ? a : null;

    public long AddAsset(Asset a, SqliteTransaction? tx = null)
    {
        using var cmd = Command(
            """
            INSERT INTO assets(sha256, source, name, format, class, split, original_path, width, height, frames, fps,
              duration, codec, bytes, score, seed, run_id, model, checkpoint_sha256, parameters, nearest_train_distance,
              near_copy, created_at)
            VALUES($sha, $source, $name, $format, $class, $split, $orig, $w, $h, $frames, $fps, $dur, $codec, $bytes,
              $score, $seed, $run, $model, $ckpt, $params, $near, $nearcopy, $created)
            RETURNING id
            """,
            tx
        );
        Bind(
            cmd,
            ("$sha", a.Sha256),
            ("$source", Name(a.Source)),
            ("$name", a.Name),
            ("$format", a.Format),
            ("$class", a.Class),
            ("$split", a.Split is Split sp ? Name(sp) : null),
            ("$orig", a.OriginalPath),
            ("$w", a.Width),
            ("$h", a.Height),
            ("$frames", a.Frames),
            ("$fps", a.Fps),
            ("$dur", a.Duration),
            ("$codec", a.Codec),
            ("$bytes", a.Bytes),
            ("$score", a.Score),
            ("$seed", a.Seed),
            ("$run", a.RunId),
            ("$model", a.Model),
            ("$ckpt", a.CheckpointSha256),
            ("$params", a.Parameters),
            ("$near", a.NearestTrainDistance),
            ("$nearcopy", a.NearCopy ? 1 : 0),
            ("$created", a.CreatedAt.Length > 0 ? a.CreatedAt : Now())
        );
        return (long)cmd.ExecuteScalar()!;
    }

    public void AddTag(long assetId, string tag, SqliteTransaction? tx = null)
    {
        using var cmd = Command("INSERT OR IGNORE INTO tags(asset_id, tag) VALUES($id, $tag)", tx);
        Bind(cmd, ("$id", assetId), ("$tag", tag));
        cmd.ExecuteNonQuery();
    }

    /// <summary>Deletes the asset's row (with its clips and tags). Returns how many rows still use its bytes.</summary>
    public int RemoveAsset(long id, string sha256)
    {
        using var tx = connection.BeginTransaction();
        using (var del = Command("DELETE FROM assets WHERE id = $id", tx))
        {
            Bind(del, ("$id", id));
            del.ExecuteNonQuery();
        }
        using var count = Command("SELECT COUNT(*) FROM assets WHERE sha256 = $sha", tx);
        Bind(count, ("$sha", sha256));
        int remaining = Convert.ToInt32(count.ExecuteScalar());
        tx.Commit();
        return remaining;
    }

    public IReadOnlyList<Asset> ListAssets(AssetFilter filter)
    {
        var where = new List<string>();
        var binds = new List<(string, object?)>();
        if (filter.Source != null)
        {
            where.Add("a.source = $source");
            binds.Add(("$source", Name(filter.Source.Value)));
        }
        if (filter.Class != null)
        {
            where.Add("a.class = $class");
            binds.Add(("$class", filter.Class));
        }
        if (filter.MinScore != null)
        {
            where.Add("a.score >= $minscore");
            binds.Add(("$minscore", filter.MinScore));
        }
        if (filter.Split != null)
        {
            where.Add("a.split = $split");
            binds.Add(("$split", Name(filter.Split.Value)));
        }
        if (filter.Tag != null)
        {
            where.Add("EXISTS (SELECT 1 FROM tags t WHERE t.asset_id = a.id AND t.tag = $tag)");
            binds.Add(("$tag", filter.Tag));
        }
        string order = filter.OrderBy switch
        {
            "score" => "a.score DESC NULLS LAST, a.id",
            "name" => "a.name, a.id",
            "created" => "a.created_at DESC, a.id DESC",
            "id" => "a.id",
            _ => throw new VidganException($"cannot sort by '{filter.OrderBy}': use id, name, score or created", 2),
        };
        string sql =
            (where.Count > 0 ? "WHERE " + string.Join(" AND ", where) : "")
            + " ORDER BY "
            + order
            + (filter.Limit is int limit ? $" LIMIT {limit}" : "");
        return QueryAssets(
            sql,
            p =>
            {
                foreach (var (k, v) in binds)
                    p(k, v);
            }
        );
    }

    List<Asset> QueryAssets(string tail, Action<Action<string, object?>> bind)
    {
        using var cmd = Command(
            """
            SELECT a.id, a.sha256, a.source, a.name, a.format, a.class, a.split, a.original_path, a.width, a.height,
              a.frames, a.fps, a.duration, a.codec, a.bytes, a.score, a.seed, a.run_id, a.model, a.checkpoint_sha256,
              a.parameters, a.nearest_train_distance, a.near_copy, a.created_at,
              (SELECT group_concat(tag, ',') FROM tags t WHERE t.asset_id = a.id)
            FROM assets a
            """
                + " "
                + tail
        );
        bind((k, v) => cmd.Parameters.AddWithValue(k, v ?? DBNull.Value));
        using var r = cmd.ExecuteReader();
        var list = new List<Asset>();
        while (r.Read())
            list.Add(
                new Asset
                {
                    Id = r.GetInt64(0),
                    Sha256 = r.GetString(1),
                    Source = Parse<AssetSource>(r.GetString(2)),
                    Name = r.GetString(3),
                    Format = r.GetString(4),
                    Class = Str(r, 5),
                    Split = Str(r, 6) is string split ? Parse<Split>(split) : null,
                    OriginalPath = Str(r, 7),
                    Width = r.IsDBNull(8) ? 0 : r.GetInt32(8),
                    Height = r.IsDBNull(9) ? 0 : r.GetInt32(9),
                    Frames = r.IsDBNull(10) ? 0 : r.GetInt64(10),
                    Fps = r.IsDBNull(11) ? 0 : r.GetDouble(11),
                    Duration = r.IsDBNull(12) ? 0 : r.GetDouble(12),
                    Codec = Str(r, 13),
                    Bytes = r.IsDBNull(14) ? 0 : r.GetInt64(14),
                    Score = r.IsDBNull(15) ? null : r.GetDouble(15),
                    Seed = r.IsDBNull(16) ? null : r.GetInt64(16),
                    RunId = r.IsDBNull(17) ? null : r.GetInt64(17),
                    Model = Str(r, 18),
                    CheckpointSha256 = Str(r, 19),
                    Parameters = Str(r, 20),
                    NearestTrainDistance = r.IsDBNull(21) ? null : r.GetDouble(21),
                    NearCopy = r.GetInt64(22) != 0,
                    CreatedAt = r.GetString(23),
                    Tags = r.IsDBNull(24) ? Array.Empty<string>() : r.GetString(24).Split(',').Order().ToArray(),
                }
            );
        return list;
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
                INSERT OR IGNORE INTO clip_sets(key, size, frames, fps, fit, stride, test_fraction, created_at)
                VALUES($key, $size, $frames, $fps, $fit, $stride, $tf, $now)
                """
            )
        )
        {
            Bind(
                ins,
                ("$key", key),
                ("$size", size),
                ("$frames", frames),
                ("$fps", fps),
                ("$fit", fit),
                ("$stride", stride),
                ("$tf", testFraction),
                ("$now", Now())
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
        SqliteTransaction? tx = null
    )
    {
        using var cmd = Command(
            """
            INSERT OR IGNORE INTO clips(set_id, asset_id, start_frame, split, class, cache_key)
            VALUES($set, $asset, $start, $split, $class, $key)
            """,
            tx
        );
        Bind(
            cmd,
            ("$set", setId),
            ("$asset", assetId),
            ("$start", start),
            ("$split", Name(split)),
            ("$class", cls),
            ("$key", cacheKey)
        );
        cmd.ExecuteNonQuery();
    }

    public bool HasClips(long setId, long assetId)
    {
        using var cmd = Command("SELECT EXISTS(SELECT 1 FROM clips WHERE set_id = $set AND asset_id = $asset)");
        Bind(cmd, ("$set", setId), ("$asset", assetId));
        return Convert.ToInt64(cmd.ExecuteScalar()) != 0;
    }

    public IReadOnlyList<ClipRecord> Clips(long setId, Split? split = null)
    {
        using var cmd = Command(
            "SELECT id, set_id, asset_id, start_frame, split, class, cache_key FROM clips WHERE set_id = $set"
                + (split != null ? " AND split = $split" : "")
                + " ORDER BY asset_id, start_frame"
        );
        Bind(cmd, ("$set", setId), ("$split", split is Split sp ? Name(sp) : null));
        using var r = cmd.ExecuteReader();
        var list = new List<ClipRecord>();
        while (r.Read())
            list.Add(
                new ClipRecord(
                    r.GetInt64(0),
                    r.GetInt64(1),
                    r.GetInt64(2),
                    r.GetInt32(3),
                    Parse<Split>(r.GetString(4)),
                    Str(r, 5),
                    r.GetString(6)
                )
            );
        return list;
    }

    // ---- runs and checkpoints -------------------------------------------------------------------

    public long UpsertRun(string runDir, string model, string configJson, long? clipSetId)
    {
        using var cmd = Command(
            """
            INSERT INTO runs(run_dir, model, config, clip_set_id, created_at, updated_at)
            VALUES($dir, $model, $config, $set, $now, $now)
            ON CONFLICT(run_dir) DO UPDATE SET model = $model, config = $config, clip_set_id = $set, updated_at = $now
            RETURNING id
            """
        );
        Bind(cmd, ("$dir", runDir), ("$model", model), ("$config", configJson), ("$set", clipSetId), ("$now", Now()));
        return (long)cmd.ExecuteScalar()!;
    }

    public long? FindRun(string runDir)
    {
        using var cmd = Command("SELECT id FROM runs WHERE run_dir = $dir");
        Bind(cmd, ("$dir", runDir));
        return cmd.ExecuteScalar() is long id ? id : null;
    }

    public void AddCheckpoint(long runId, string sha256, long step, string path)
    {
        using var tx = connection.BeginTransaction();
        using (
            var cmd = Command(
                "INSERT INTO checkpoints(run_id, sha256, step, path, created_at) VALUES($run, $sha, $step, $path, "
                    + "$now)",
                tx
            )
        )
        {
            Bind(cmd, ("$run", runId), ("$sha", sha256), ("$step", step), ("$path", path), ("$now", Now()));
            cmd.ExecuteNonQuery();
        }
        using (var upd = Command("UPDATE runs SET steps = MAX(steps, $step), updated_at = $now WHERE id = $run", tx))
        {
            Bind(upd, ("$run", runId), ("$step", step), ("$now", Now()));
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

    SqliteCommand Command(string sql, SqliteTransaction? tx = null)
    {
        var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.Transaction = tx;
        return cmd;
    }

    static void Bind(SqliteCommand cmd, params (string Name, object? Value)[] values)
    {
        foreach (var (name, value) in values)
            cmd.Parameters.AddWithValue(name, value ?? DBNull.Value);
    }

    void Execute(string sql, SqliteTransaction? tx = null)
    {
        using var cmd = Command(sql, tx);
        cmd.ExecuteNonQuery();
    }

    object? Scalar(string sql)
    {
        using var cmd = Command(sql);
        return cmd.ExecuteScalar();
    }

    static string? Str(SqliteDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    public void Dispose() => connection.Dispose();

    static string Name<T>(T value)
        where T : struct, Enum => SettingNames.Name(value);

    static T Parse<T>(string name)
        where T : struct, Enum => SettingNames.Parse<T>(name, typeof(T).Name);
}
