using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Vidgan.Jobs;
using Vidgan.Library;
using Vidgan.Web.Jobs;
using Vidgan.Web.Security;

namespace Vidgan.Web.Api;

/// <summary>A job as the API shows it: its record, with the request as JSON.</summary>
public sealed record JobView(
    long Id,
    string Kind,
    JobState State,
    double Progress,
    long? Step,
    long? Total,
    double? EtaSeconds,
    string Message,
    string Log,
    string? Error,
    JsonNode? Request,
    JsonNode? Result,
    string? Worker,
    long? ParentId,
    int? Shards,
    bool CancelRequested,
    string CreatedAt,
    string? StartedAt,
    string? FinishedAt
)
{
    public static JobView From(JobRecord j) =>
        new(
            j.Id,
            j.Kind,
            j.State,
            j.Progress,
            j.Step,
            j.Total,
            j.EtaSeconds,
            j.Message,
            j.Log,
            j.Error,
            JsonNode.Parse(j.Request),
            j.Result != null ? JsonNode.Parse(j.Result) : null,
            j.Worker,
            j.ParentId,
            j.Shards,
            j.CancelRequested,
            j.CreatedAt,
            j.StartedAt,
            j.FinishedAt
        );
}

/// <summary>Background jobs: start (ingest, train, generate, evaluate), list, follow live, cancel.</summary>
public static class JobEndpoints
{
    static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(500);

    public static void Map(RouteGroupBuilder api)
    {
        var jobs = api.MapGroup("/jobs").WithTags("Jobs");
        jobs.MapGet("/", (VidganLibrary lib) => lib.Catalog.Jobs().Select(JobView.From).ToList())
            .WithSummary("The latest 100 jobs, newest first");
        jobs.MapGet("/{id:long}", (long id, VidganLibrary lib) => JobView.From(Find(lib, id)))
            .WithSummary("One job with its progress and log tail");
        jobs.MapPost(
                "/",
                (JsonElement body, VidganLibrary lib, JobDispatcher queue) =>
                {
                    long id = queue.Submit(lib, JobRunner.ParseRequest(body.GetRawText()));
                    return Results.Accepted($"/api/v1/jobs/{id}", JobView.From(Find(lib, id)));
                }
            )
            .RequireAuthorization(Roles.Editor)
            .WithSummary("Start a job")
            .WithDescription(
                "Body: {\"kind\": \"ingest\"|\"train\"|\"generate\"|\"evaluate\", …settings}. ingest: label_from, "
                    + "size, "
                    + "frames, fps, fit, stride, test_fraction (ingests the inbox). train: run (a name), steps or "
                    + "minutes, size, frames, settings (config.json keys). generate: run_id, count, class, seed, "
                    + "format, "
                    + "truncation, min_score, top_k, max_per_class, reject_near_copies. evaluate: run_id, samples."
            );
        jobs.MapPost(
                "/{id:long}/cancel",
                (long id, VidganLibrary lib) =>
                {
                    JobRunner.Cancel(lib, id);
                    return JobView.From(Find(lib, id));
                }
            )
            .RequireAuthorization(Roles.Editor)
            .WithSummary("Cancel a queued or running job");
        jobs.MapGet(
                "/{id:long}/events",
                (long id, VidganLibrary lib, CancellationToken aborted) =>
                {
                    Find(lib, id);
                    return TypedResults.ServerSentEvents(Follow(lib, id, aborted));
                }
            )
            .WithSummary("Server-Sent Events: the job each time it changes, until it ends");
    }

    static JobRecord Find(VidganLibrary lib, long id) =>
        lib.Catalog.GetJob(id) ?? throw new NotFoundException($"no job {id} in {lib.Root}");

    static async IAsyncEnumerable<SseItem<JobView>> Follow(
        VidganLibrary lib,
        long id,
        [EnumeratorCancellation] CancellationToken aborted
    )
    {
        JobRecord? last = null;
        while (!aborted.IsCancellationRequested)
        {
            var job = Find(lib, id);
            if (job != last)
            {
                yield return new SseItem<JobView>(JobView.From(job), "job");
                last = job;
            }
            if (job.Ended)
                yield break;
            try
            {
                await Task.Delay(Poll, aborted);
            }
            catch (TaskCanceledException)
            {
                yield break;
            }
        }
    }
}
