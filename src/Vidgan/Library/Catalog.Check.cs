namespace Vidgan.Library;

public sealed partial class Catalog
{
    /// <summary>SQLite's own check of the database file: <c>["ok"]</c>, or what it found wrong.</summary>
    public IReadOnlyList<string> IntegrityCheck() => Strings("PRAGMA integrity_check");

    /// <summary>Rows that point at rows that do not exist.</summary>
    public IReadOnlyList<string> ForeignKeyCheck() =>
        Strings("SELECT \"table\" || ' row ' || rowid FROM pragma_foreign_key_check");

    /// <summary>Each file the catalog's assets use (their media and credentials sidecars), with the first asset that
    /// uses it.</summary>
    public IReadOnlyList<(string Sha256, long AssetId, string Name)> BlobOwners()
    {
        using var cmd = Command(
            """
            SELECT sha256, MIN(id), MIN(name) FROM assets GROUP BY sha256
            UNION ALL
            SELECT credentials_sha256, MIN(id), MIN(name) || ' (Content Credentials)' FROM assets
            WHERE credentials_sha256 IS NOT NULL GROUP BY credentials_sha256
            """
        );
        using var r = cmd.ExecuteReader();
        var list = new List<(string, long, string)>();
        while (r.Read())
            list.Add((r.GetString(0), r.GetInt64(1), r.GetString(2)));
        return list;
    }

    /// <summary>The checkpoint the catalog last recorded at each path.</summary>
    public IReadOnlyList<CheckpointRecord> LatestCheckpoints() =>
        QueryCheckpoints("WHERE id = (SELECT MAX(id) FROM checkpoints d WHERE d.path = c.path) ORDER BY id");

    /// <summary>The SHA-256 the catalog last recorded for a checkpoint file, or null when it recorded none.</summary>
    public string? RecordedCheckpointSha(string path)
    {
        using var cmd = Command("SELECT sha256 FROM checkpoints WHERE path = $p ORDER BY id DESC LIMIT 1");
        Bind(cmd, ("$p", Path.GetFullPath(path)));
        return cmd.ExecuteScalar() as string;
    }

    List<string> Strings(string sql)
    {
        using var cmd = Command(sql);
        using var r = cmd.ExecuteReader();
        var list = new List<string>();
        while (r.Read())
            list.Add(r.IsDBNull(0) ? "" : r.GetValue(0).ToString() ?? "");
        return list;
    }
}
