using Hangfire;
using Vidgan.Jobs;
using Vidgan.Library;

namespace Vidgan.Web.Jobs;

/// <summary><c>vidgan worker</c>: a Hangfire server without the web front, for any machine that reaches the library's
/// PostgreSQL catalog and mounts its folder. It takes jobs from the queues it is given, as many at once as asked, and
/// queues again the jobs of workers that went silent.</summary>
public static class JobWorker
{
    public static void Run(
        string libraryRoot,
        IReadOnlyList<string> queues,
        int concurrency,
        Action<string> say,
        CancellationToken stop
    )
    {
        if (concurrency < 1)
            throw new VidganException("--concurrency must be at least 1", 2);
        LibraryCipher? cipher;
        string catalog;
        using (var lib = VidganLibrary.Open(libraryRoot, create: false))
        {
            if (lib.Catalog.Location.Backend != CatalogBackend.Postgres)
                throw new VidganException(
                    $"library {lib.Root} keeps its catalog in SQLite, which only one machine can use: run "
                        + "'vidgan library migrate --to postgres://…' before starting workers"
                );
            CheckStore(lib.Root);
            cipher = lib.Cipher;
            catalog = lib.Catalog.Location.Display;
        }
        HangfireStorage.Configure(GlobalConfiguration.Configuration);
        var storage = HangfireStorage.For(libraryRoot);
        var dispatcher = new JobDispatcher(new BackgroundJobClient(storage), libraryRoot);
        using (
            new BackgroundJobServer(
                new BackgroundJobServerOptions
                {
                    Queues = [.. queues],
                    WorkerCount = concurrency,
                    ServerName = HangfireJob.Worker,
                    ShutdownTimeout = JobRunner.StopGrace,
                },
                storage
            )
        )
        using (new StaleJobSweep(libraryRoot, dispatcher, cipher))
        {
            say(
                $"worker {HangfireJob.Worker} takes {string.Join(", ", queues)} jobs, {concurrency} at once, from "
                    + $"{catalog} for {libraryRoot}; Ctrl-C stops it (a running job goes back to the queue)"
            );
            stop.WaitHandle.WaitOne();
            say("stopping: a running job stops at a safe point and goes back to the queue");
        }
    }

    /// <summary>The library folder must be there and writable: every result a job makes is stored in it.</summary>
    static void CheckStore(string root)
    {
        string probe = Path.Combine(root, "tmp", $".worker-{Guid.NewGuid():N}");
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(probe)!);
            File.WriteAllText(probe, "");
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new VidganException($"the library folder {root} is not writable here: {e.Message}");
        }
    }
}
