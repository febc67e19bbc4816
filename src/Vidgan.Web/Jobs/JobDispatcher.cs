using Hangfire;
using Vidgan.Jobs;
using Vidgan.Library;

namespace Vidgan.Web.Jobs;

/// <summary>Records jobs in the catalog and hands them to Hangfire.</summary>
public sealed class JobDispatcher(IBackgroundJobClient client, ServeOptions serve)
{
    public long Submit(VidganLibrary lib, JobRequest request)
    {
        long id = JobRunner.Submit(lib, request);
        Enqueue(lib, id);
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

    void Enqueue(VidganLibrary lib, long id)
    {
        string root = serve.LibraryRoot;
        string engineId = client.Enqueue(() => HangfireJob.Run(root, id, CancellationToken.None));
        lib.Catalog.SetJobEngineId(id, engineId);
    }
}
