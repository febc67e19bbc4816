using System.Data.Common;

namespace Vidgan.Library;

/// <summary>Where a background job is: waiting, running, or ended one of three ways.</summary>
public enum JobState
{
    Queued,
    Running,
    Succeeded,
    Failed,
    Cancelled,
}

/// <summary>A background job's row: what was asked (<see cref="Request"/>, JSON), where it stands, its progress and
/// the tail of its log. <see cref="EngineId"/> is the job engine's own id for it.</summary>
public sealed record JobRecord
{
    public long Id { get; init; }
    public string Kind { get; init; } = "";
    public string Request { get; init; } = "{}";
    public JobState State { get; init; }
    public double Progress { get; init; }
    public long? Step { get; init; }
    public long? Total { get; init; }
    public double? EtaSeconds { get; init; }
    public string Message { get; init; } = "";
    public string Log { get; init; } = "";
    public string? Error { get; init; }
    public string? Result { get; init; }
    public string? EngineId { get; init; }
    public string? Worker { get; init; }

    /// <summary>The job this one is a shard of.</summary>
    public long? ParentId { get; init; }

    /// <summary>For a job split into shards: how many (it runs none of the work itself).</summary>
    public int? Shards { get; init; }
    public bool CancelRequested { get; init; }
    public string CreatedAt { get; init; } = "";
    public string? StartedAt { get; init; }
    public string? FinishedAt { get; init; }

    public bool Ended => State is JobState.Succeeded or JobState.Failed or JobState.Cancelled;
}

public sealed partial class Catalog
{
    /// <summary>How much of a job's log the catalog keeps: its last lines, within this many characters.</summary>
    public const int JobLogTail = 8192;

    public long AddJob(string kind, string requestJson) => AddJob(kind, requestJson, null, null);

    /// <summary>Records a job split into <paramref name="shards"/> (the kind and request of each, JSON), in one
    /// transaction; returns the parent's id and the shards' ids.</summary>
    public (long Parent, IReadOnlyList<long> Shards) AddShardedJob(
        string kind,
        string requestJson,
        IReadOnlyList<(string Kind, string Request)> shards
    )
    {
        using var tx = connection.BeginTransaction();
        long parent = AddJob(kind, requestJson, null, shards.Count, tx, "running");
        var ids = shards.Select(s => AddJob(s.Kind, s.Request, parent, null, tx)).ToList();
        tx.Commit();
        return (parent, ids);
    }

    long AddJob(
        string kind,
        string requestJson,
        long? parent,
        int? shards,
        DbTransaction? tx = null,
        string state = "queued"
    )
    {
        using var cmd = Command(
            "INSERT INTO jobs(kind, request, state, created_at, parent_id, shards, started_at) "
                + "VALUES(@kind, @req, @state, @now, @parent, @shards, @started) RETURNING id",
            tx
        );
        Bind(
            cmd,
            ("@kind", kind),
            ("@req", requestJson),
            ("@state", state),
            ("@now", Now()),
            ("@parent", parent),
            ("@shards", shards),
            ("@started", state == "running" ? Now() : null)
        );
        return (long)cmd.ExecuteScalar()!;
    }

    public IReadOnlyList<JobRecord> ShardsOf(long parent) =>
        QueryJobs("WHERE parent_id = @p ORDER BY id", ("@p", parent));

    /// <summary>Brings a sharded job's progress up to date from its shards and, once every shard has ended, ends it:
    /// failed if one failed, cancelled if one was cancelled, else succeeded, with
    /// <paramref name="resultJson"/>.</summary>
    public void SettleParent(long parent, Func<IReadOnlyList<JobRecord>, string> resultJson)
    {
        var shards = ShardsOf(parent);
        if (shards.Count == 0)
            return;
        double progress = shards.Average(s => s.Ended && s.State == JobState.Succeeded ? 1 : s.Progress);
        long done = shards.Sum(s => s.Step ?? 0);
        long total = shards.Sum(s => s.Total ?? 0);
        int ended = shards.Count(s => s.Ended);
        UpdateJobProgress(parent, progress, done, total, null, $"{ended} of {shards.Count} shards done");
        if (ended < shards.Count)
            return;
        var failed = shards.FirstOrDefault(s => s.State == JobState.Failed);
        var state =
            failed != null ? JobState.Failed
            : shards.Any(s => s.State == JobState.Cancelled) ? JobState.Cancelled
            : JobState.Succeeded;
        using var cmd = Command(
            "UPDATE jobs SET state = @state, error = @error, result = @result, finished_at = @now, "
                + "progress = CASE WHEN @state = 'succeeded' THEN 1 ELSE progress END "
                + "WHERE id = @id AND state NOT IN ('succeeded', 'failed', 'cancelled')"
        );
        Bind(
            cmd,
            ("@id", parent),
            ("@state", Name(state)),
            ("@error", failed is null ? null : $"shard {failed.Id}: {failed.Error}"),
            ("@result", resultJson(shards)),
            ("@now", Now())
        );
        cmd.ExecuteNonQuery();
    }

    /// <summary>Puts a job whose worker went silent back in the queue; true for the one caller that did (so that it
    /// alone hands the job to the engine again).</summary>
    public bool RequeueStaleJob(long id, TimeSpan stale)
    {
        using var cmd = Command(
            "UPDATE jobs SET state = 'queued', worker = NULL, heartbeat = NULL WHERE id = @id AND state = 'running' "
                + "AND shards IS NULL AND COALESCE(heartbeat, 0) < @stale"
        );
        Bind(cmd, ("@id", id), ("@stale", DateTimeOffset.UtcNow.ToUnixTimeSeconds() - (long)stale.TotalSeconds));
        return cmd.ExecuteNonQuery() > 0;
    }

    public void SetJobEngineId(long id, string engineId) =>
        Update("UPDATE jobs SET engine_id = @v WHERE id = @id", id, engineId);

    public JobRecord? GetJob(long id) => QueryJobs("WHERE id = @id", ("@id", id)) is [var j, ..] ? j : null;

    public IReadOnlyList<JobRecord> Jobs(int limit = 100) => QueryJobs($"ORDER BY id DESC LIMIT {limit}");

    /// <summary>Takes a job for <paramref name="worker"/>: one that is queued, or running without a heartbeat for
    /// <paramref name="stale"/> (its worker died). False when another worker has it or it has ended, so that a job
    /// handed out twice by the engine still runs once at a time.</summary>
    public bool ClaimJob(long id, string worker, TimeSpan stale)
    {
        using var cmd = Command(
            "UPDATE jobs SET state = 'running', worker = @worker, heartbeat = @beat, error = NULL, "
                + "started_at = COALESCE(started_at, @now) WHERE id = @id AND (state = 'queued' OR "
                + "(state = 'running' AND COALESCE(heartbeat, 0) < @stale)) AND shards IS NULL"
        );
        long now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        Bind(
            cmd,
            ("@id", id),
            ("@worker", worker),
            ("@beat", now),
            ("@now", Now()),
            ("@stale", now - (long)stale.TotalSeconds)
        );
        return cmd.ExecuteNonQuery() > 0;
    }

    public void JobHeartbeat(long id) =>
        Update(
            "UPDATE jobs SET heartbeat = @v WHERE id = @id AND state = 'running'",
            id,
            DateTimeOffset.UtcNow.ToUnixTimeSeconds()
        );

    /// <summary>Puts a running job back in the queue (its host is shutting down); it keeps its progress and
    /// log.</summary>
    public void ReleaseJob(long id) =>
        Update(
            "UPDATE jobs SET state = 'queued', worker = NULL, heartbeat = NULL WHERE id = @id AND state = 'running'",
            id,
            null
        );

    /// <summary>Jobs that should be running but are not: queued ones, and running ones whose worker went
    /// silent.</summary>
    public IReadOnlyList<JobRecord> JobsToRecover(TimeSpan stale) =>
        QueryJobs(
            "WHERE shards IS NULL AND (state = 'queued' OR (state = 'running' AND COALESCE(heartbeat, 0) < @stale)) "
                + "ORDER BY id",
            ("@stale", DateTimeOffset.UtcNow.ToUnixTimeSeconds() - (long)stale.TotalSeconds)
        );

    public void UpdateJobProgress(long id, double progress, long? step, long? total, double? eta, string message)
    {
        using var cmd = Command(
            "UPDATE jobs SET progress = @p, step = @step, total = @total, eta_seconds = @eta, message = @msg "
                + "WHERE id = @id"
        );
        Bind(cmd, ("@id", id), ("@p", progress), ("@step", step), ("@total", total), ("@eta", eta), ("@msg", message));
        cmd.ExecuteNonQuery();
    }

    public void AppendJobLog(long id, string line)
    {
        using var cmd = Command(
            "UPDATE jobs SET log = CASE WHEN length(log) + length(@line) > @keep "
                + "THEN substr(log || @line, length(log) + length(@line) - @keep + 1) ELSE log || @line END "
                + "WHERE id = @id"
        );
        Bind(cmd, ("@id", id), ("@line", line + "\n"), ("@keep", JobLogTail));
        cmd.ExecuteNonQuery();
    }

    public void FinishJob(long id, JobState state, string? error, string? resultJson)
    {
        using var cmd = Command(
            "UPDATE jobs SET state = @state, error = @error, result = @result, finished_at = @now, "
                + "progress = CASE WHEN @state = 'succeeded' THEN 1 ELSE progress END WHERE id = @id"
        );
        Bind(cmd, ("@id", id), ("@state", Name(state)), ("@error", error), ("@result", resultJson), ("@now", Now()));
        cmd.ExecuteNonQuery();
    }

    /// <summary>Marks a job to be cancelled; false when it has already ended.</summary>
    public bool RequestJobCancel(long id)
    {
        using var cmd = Command(
            "UPDATE jobs SET cancel_requested = 1 WHERE (id = @id OR parent_id = @id) AND state IN ('queued','running')"
        );
        Bind(cmd, ("@id", id));
        return cmd.ExecuteNonQuery() > 0;
    }

    void Update(string sql, long id, object? value)
    {
        using var cmd = Command(sql.Replace("@now", "'" + Now() + "'"));
        Bind(cmd, ("@id", id), ("@v", value));
        cmd.ExecuteNonQuery();
    }

    List<JobRecord> QueryJobs(string tail, params (string, object?)[] binds)
    {
        using var cmd = Command(
            "SELECT id, kind, request, state, progress, step, total, eta_seconds, message, log, error, result, "
                + "engine_id, worker, cancel_requested, created_at, started_at, finished_at, parent_id, shards "
                + "FROM jobs "
                + tail
        );
        Bind(cmd, binds);
        using var r = cmd.ExecuteReader();
        var list = new List<JobRecord>();
        while (r.Read())
            list.Add(
                new JobRecord
                {
                    Id = r.GetInt64(0),
                    Kind = r.GetString(1),
                    Request = r.GetString(2),
                    State = Parse<JobState>(r.GetString(3)),
                    Progress = r.GetDouble(4),
                    Step = r.IsDBNull(5) ? null : r.GetInt64(5),
                    Total = r.IsDBNull(6) ? null : r.GetInt64(6),
                    EtaSeconds = r.IsDBNull(7) ? null : r.GetDouble(7),
                    Message = r.GetString(8),
                    Log = r.GetString(9),
                    Error = Str(r, 10),
                    Result = Str(r, 11),
                    EngineId = Str(r, 12),
                    Worker = Str(r, 13),
                    CancelRequested = r.GetInt64(14) != 0,
                    CreatedAt = r.GetString(15),
                    StartedAt = Str(r, 16),
                    FinishedAt = Str(r, 17),
                    ParentId = r.IsDBNull(18) ? null : r.GetInt64(18),
                    Shards = r.IsDBNull(19) ? null : r.GetInt32(19),
                }
            );
        return list;
    }
}
