using System.ComponentModel;
using Hangfire;
using Vidgan.Jobs;

namespace Vidgan.Web.Jobs;

/// <summary>The method Hangfire runs for every Vidgan job. It names the library and the catalog's job id, so that any
/// Hangfire server that can reach both can run it; what the job does lives in the core (<see cref="JobRunner"/>).
/// Hangfire's own retries are off: a job that fails has failed for a reason its record states.</summary>
public static class HangfireJob
{
    public static string Worker => $"{Environment.MachineName}:{Environment.ProcessId}";

    [AutomaticRetry(Attempts = 0)]
    [DisplayName("vidgan job {1}")]
    public static void Run(string libraryRoot, long jobId, CancellationToken cancel) =>
        JobRunner.Run(libraryRoot, jobId, Worker, cancel);
}
