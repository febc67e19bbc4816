using Vidgan.Library;
using Vidgan.Util;

namespace Vidgan.Web.Jobs;

/// <summary>Every few seconds, queues again the jobs whose worker went silent
/// (<see cref="JobDispatcher.RecoverStale"/>), so that a job of a worker killed mid-way runs elsewhere. Every server
/// and worker runs one; the catalog lets only one of them requeue each job.</summary>
public sealed class StaleJobSweep : IDisposable
{
    static readonly TimeSpan Every = TimeSpan.FromSeconds(5);
    readonly PeriodicWork sweep;

    public StaleJobSweep(string libraryRoot, JobDispatcher dispatcher, LibraryCipher? unlocked) =>
        sweep = new PeriodicWork(
            Every,
            () =>
            {
                using var lib = VidganLibrary.Open(libraryRoot, create: false, pooled: true, unlocked: unlocked);
                dispatcher.RecoverStale(lib);
            },
            e => Console.Error.WriteLine($"vidgan: checking for stalled jobs failed: {e.Message.Split('\n')[0]}")
        );

    public void Dispose() => sweep.Dispose();
}
