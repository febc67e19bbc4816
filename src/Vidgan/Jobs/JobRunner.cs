using System.Text.Json;
using System.Text.Json.Nodes;
using Vidgan.Library;
using Vidgan.Util;

namespace Vidgan.Jobs;

/// <summary>Runs one background job recorded in the catalog, whatever engine hands it over: marks it running,
/// executes it with progress, and records how it ended. A job cancelled by a user ends "cancelled" with the library
/// consistent; a job stopped because its host is shutting down throws <see cref="OperationCanceledException"/>,
/// so that the engine runs it again later (a training job then resumes from its last checkpoint).</summary>
public static class JobRunner
{
    static readonly TimeSpan CancelPoll = TimeSpan.FromSeconds(1);

    /// <summary>How long a host that is shutting down waits for its running jobs to stop at a safe point (a training
    /// job ends its step and writes its checkpoint): a job must not go on writing after its host has stopped, beside
    /// the host that runs it next.</summary>
    public static readonly TimeSpan StopGrace = TimeSpan.FromMinutes(2);

    /// <summary>A running job whose worker has not written a heartbeat for this long is taken to be dead.</summary>
    public static readonly TimeSpan Stale = TimeSpan.FromSeconds(30);

    /// <summary>Records a new job after checking its request; returns its id and the ids of the jobs an engine is to
    /// run: its shards when it is split (<see cref="JobShards"/>), else itself.</summary>
    public static (long Id, IReadOnlyList<long> Runnable) Submit(VidganLibrary lib, JobRequest request)
    {
        JobExecution.Validate(lib, request);
        if (JobShards.Split(request) is { } shards)
            return lib.Catalog.AddShardedJob(
                request.Kind,
                Json.Compact(request),
                shards.Select(s => (s.Kind, Json.Compact(s))).ToList()
            );
        long id = lib.Catalog.AddJob(request.Kind, Json.Compact(request));
        return (id, [id]);
    }

    /// <summary>Asks a queued or running job to stop.</summary>
    public static void Cancel(VidganLibrary lib, long id)
    {
        var job = lib.Catalog.GetJob(id) ?? throw new NotFoundException($"no job {id} in {lib.Root}");
        if (!lib.Catalog.RequestJobCancel(id))
            throw new ConflictException($"job {id} has already ended ({SettingNames.Name(job.State)})");
    }

    public static JobRequest ReadRequest(JobRecord job) => Json.Deserialize<JobRequest>(job.Request);

    static readonly string[] Kinds = ["ingest", "train", "generate", "evaluate", "sweep"];

    /// <summary>A job request from JSON (a front end's input): an unknown kind or a value of the wrong type is a usage
    /// error naming it.</summary>
    public static JobRequest ParseRequest(string json)
    {
        try
        {
            if (Json.RepeatedKey(json) is string key)
                throw new VidganException($"setting '{key}' is given twice", 2);
            if (JsonNode.Parse(json) is not JsonObject request)
                throw new VidganException("the request must be a JSON object with a 'kind'", 2);
            var kind = request["kind"];
            if (kind is null || kind.GetValueKind() != JsonValueKind.String || !Kinds.Contains(kind.GetValue<string>()))
                throw new VidganException($"setting 'kind' must be one of {string.Join(", ", Kinds)}", 2);
            return Json.Deserialize<JobRequest>(json);
        }
        catch (JsonException e)
        {
            throw new VidganException(Json.Problem(e), 2);
        }
    }

    public static void Run(string libraryRoot, long jobId, string worker, CancellationToken shutdown)
    {
        using var lib = VidganLibrary.Open(libraryRoot, create: false);
        var job = lib.Catalog.GetJob(jobId) ?? throw new NotFoundException($"no job {jobId} in {lib.Root}");
        try
        {
            if (job.Ended)
                return;
            if (job.CancelRequested)
                lib.Catalog.FinishJob(jobId, JobState.Cancelled, null, null);
            else if (lib.Catalog.ClaimJob(jobId, worker, Stale))
                Execute(lib, job, shutdown);
        }
        finally
        {
            // The shard that ends last ends its parent job.
            if (job.ParentId is long parent)
                lib.Catalog.SettleParent(parent, JobShards.Result);
        }
    }

    static void Execute(VidganLibrary lib, JobRecord job, CancellationToken shutdown)
    {
        long jobId = job.Id;
        var progress = new JobProgress(lib.Catalog, jobId);
        using var userCancel = new CancellationTokenSource();
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(userCancel.Token, shutdown);
        using var poller = WatchForCancel(lib.Catalog.Location, jobId, userCancel);
        try
        {
            object result = JobExecution.Execute(lib, ReadRequest(job), progress, cancel.Token);
            if (userCancel.IsCancellationRequested)
                lib.Catalog.FinishJob(jobId, JobState.Cancelled, null, Json.Compact(result));
            else if (shutdown.IsCancellationRequested)
            {
                lib.Catalog.ReleaseJob(jobId);
                throw new OperationCanceledException(shutdown);
            }
            else
                lib.Catalog.FinishJob(jobId, JobState.Succeeded, null, Json.Compact(result));
        }
        catch (OperationCanceledException) when (userCancel.IsCancellationRequested)
        {
            lib.Catalog.FinishJob(jobId, JobState.Cancelled, null, null);
        }
        catch (OperationCanceledException) when (shutdown.IsCancellationRequested)
        {
            progress.Log("stopped: the server is shutting down; the job runs again when it restarts");
            lib.Catalog.ReleaseJob(jobId);
            throw;
        }
        catch (Exception e) when (e is VidganException or JsonException or IOException)
        {
            string line = e.Message.Split('\n')[0];
            progress.Log("error: " + line);
            lib.Catalog.FinishJob(jobId, JobState.Failed, line, null);
        }
        catch (Exception e)
        {
            // A bug: the job still ends visibly failed, and the engine gets the exception with its stack trace.
            lib.Catalog.FinishJob(jobId, JobState.Failed, "internal error: " + e.Message.Split('\n')[0], null);
            throw;
        }
    }

    static PeriodicWork WatchForCancel(CatalogLocation location, long jobId, CancellationTokenSource user) =>
        new(
            CancelPoll,
            () =>
            {
                using var catalog = new Catalog(location, pooled: true);
                catalog.JobHeartbeat(jobId);
                if (catalog.GetJob(jobId)?.CancelRequested == true)
                    user.Cancel();
            },
            // A missed heartbeat or cancel check is tried again on the next tick.
            _ => { }
        );
}
