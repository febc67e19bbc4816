using Hangfire;
using Hangfire.States;
using Vidgan.Jobs;
using Vidgan.Library;

namespace Vidgan.Web.Jobs;

/// <summary>Records jobs in the catalog and hands them to Hangfire, each in its queue
/// (<see cref="JobQueues"/>).</summary>
public sealed class JobDispatcher(IBackgroundJobClient client, string libraryRoot)
{
    public JobDispatcher(IBackgroundJobClient client, ServeOptions serve)
        : this(client, serve.LibraryRoot) { }

    public long Submit(VidganLibrary lib, JobRequest request)
    {
        var (id, runnable) = JobRunner.Submit(lib, request);
        foreach (long job in runnable)
            Enqueue(lib, job);
        return id;
    }

    /// <summary>Hands again to Hangfire the jobs that a stopped or crashed server left queued or running; a job
    /// handed out twice still runs once (<see cref="Catalog.ClaimJob"/>).</summary>
    public int Recover(VidganLibrary lib)
    {
        var jobs = lib.Catalog.JobsToRecover(JobRunner.Stale);
        foreach (var job in jobs)
            Enqueue(lib, job.Id);
        return jobs.Count;
    }

    /// <summary>Queues again the running jobs whose worker went silent (killed, or its machine lost); of the
    /// processes that notice, only one does. Returns how many.</summary>
    public int RecoverStale(VidganLibrary lib)
    {
        int count = 0;
        foreach (var job in lib.Catalog.JobsToRecover(JobRunner.Stale).Where(j => j.State == JobState.Running))
            if (lib.Catalog.RequeueStaleJob(job.Id, JobRunner.Stale))
            {
                lib.Catalog.AppendJobLog(job.Id, $"worker {job.Worker} went silent: the job is queued again");
                Enqueue(lib, job.Id);
                count++;
            }
        return count;
    }

    void Enqueue(VidganLibrary lib, long id)
    {
        var job = lib.Catalog.GetJob(id)!;
        string queue = JobQueues.For(JobRunner.ReadRequest(job));
        string root = libraryRoot;
        string engineId = client.Create(
            () => HangfireJob.Run(root, id, CancellationToken.None),
            new EnqueuedState(queue)
        );
        lib.Catalog.SetJobEngineId(id, engineId);
    }
}
