namespace Vidgan.Library;

/// <summary>A training run as the catalog knows it: its folder, model, saved settings and clip set.</summary>
public sealed record RunRecord(
    long Id,
    string RunDir,
    string Model,
    string Config,
    long? ClipSetId,
    long Steps,
    string CreatedAt,
    string UpdatedAt
);

/// <summary>A checkpoint that training wrote, by step and content hash.</summary>
public sealed record CheckpointRecord(long Id, long RunId, string Sha256, long Step, string Path, string CreatedAt);

public sealed partial class Catalog
{
    public IReadOnlyList<RunRecord> Runs() => QueryRuns("");

    public RunRecord? GetRun(long id) => QueryRuns("WHERE id = @id", ("@id", id)) is [var r, ..] ? r : null;

    public IReadOnlyList<CheckpointRecord> Checkpoints(long runId) =>
        QueryCheckpoints("WHERE run_id = @run ORDER BY step, id", ("@run", runId));

    List<CheckpointRecord> QueryCheckpoints(string tail, params (string, object?)[] binds)
    {
        using var cmd = Command("SELECT id, run_id, sha256, step, path, created_at FROM checkpoints c " + tail);
        Bind(cmd, binds);
        using var r = cmd.ExecuteReader();
        var list = new List<CheckpointRecord>();
        while (r.Read())
            list.Add(
                new CheckpointRecord(
                    r.GetInt64(0),
                    r.GetInt64(1),
                    r.GetString(2),
                    r.GetInt64(3),
                    r.GetString(4),
                    r.GetString(5)
                )
            );
        return list;
    }

    List<RunRecord> QueryRuns(string where, params (string, object?)[] binds)
    {
        using var cmd = Command(
            "SELECT id, run_dir, model, config, clip_set_id, steps, created_at, updated_at FROM runs "
                + where
                + " ORDER BY id"
        );
        Bind(cmd, binds);
        using var r = cmd.ExecuteReader();
        var list = new List<RunRecord>();
        while (r.Read())
            list.Add(
                new RunRecord(
                    r.GetInt64(0),
                    r.GetString(1),
                    r.GetString(2),
                    r.GetString(3),
                    r.IsDBNull(4) ? null : r.GetInt64(4),
                    r.GetInt64(5),
                    r.GetString(6),
                    r.GetString(7)
                )
            );
        return list;
    }

    public CheckpointRecord? FindCheckpoint(long runId, string sha256) =>
        Checkpoints(runId).LastOrDefault(c => c.Sha256 == sha256);

    public ClipSet? GetClipSet(long id) => ClipSets().FirstOrDefault(s => s.Id == id);

    /// <summary>The real videos a clip set's training clips come from (ids), and how many clips each gave.</summary>
    public IReadOnlyList<(long AssetId, long Clips)> SourceVideos(long setId, Split split = Split.Train)
    {
        using var cmd = Command(
            "SELECT asset_id, COUNT(*) FROM clips WHERE set_id = @set AND split = @split GROUP BY asset_id "
                + "ORDER BY asset_id"
        );
        Bind(cmd, ("@set", setId), ("@split", Name(split)));
        using var r = cmd.ExecuteReader();
        var list = new List<(long, long)>();
        while (r.Read())
            list.Add((r.GetInt64(0), r.GetInt64(1)));
        return list;
    }

    public IReadOnlyList<ClipSet> ClipSetsOf(long assetId)
    {
        var ids = new HashSet<long>();
        using (var cmd = Command("SELECT DISTINCT set_id FROM clips WHERE asset_id = @asset"))
        {
            Bind(cmd, ("@asset", assetId));
            using var r = cmd.ExecuteReader();
            while (r.Read())
                ids.Add(r.GetInt64(0));
        }
        return ClipSets().Where(s => ids.Contains(s.Id)).ToList();
    }
}
