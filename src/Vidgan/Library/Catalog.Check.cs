namespace Vidgan.Library;

public sealed partial class Catalog
{
    /// <summary>SQLite's own check of the database file: <c>["ok"]</c>, or what it found wrong (PostgreSQL keeps its
    /// own: <c>["ok"]</c>).</summary>
    public IReadOnlyList<string> IntegrityCheck() => dialect.IntegrityQuery is string sql ? Strings(sql) : ["ok"];

    /// <summary>Rows that point at rows that do not exist (PostgreSQL never lets them be written).</summary>
    public IReadOnlyList<string> ForeignKeyCheck() => dialect.ForeignKeyQuery is string sql ? Strings(sql) : [];

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
        using var cmd = Command("SELECT sha256 FROM checkpoints WHERE path = @p ORDER BY id DESC LIMIT 1");
        Bind(cmd, ("@p", Path.GetFullPath(path)));
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
