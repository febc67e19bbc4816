using System.Diagnostics;
using Vidgan.Library;

namespace Vidgan.Jobs;

/// <summary>Writes a running job's progress and log lines into the catalog, at most a few times a second, so that
/// every front end (and every machine) sees the same state.</summary>
public sealed class JobProgress(Catalog catalog, long jobId)
{
    static readonly TimeSpan MinInterval = TimeSpan.FromMilliseconds(400);
    readonly Stopwatch sinceWrite = Stopwatch.StartNew();
    bool written;

    public void Report(double fraction, long? step, long? total, double? etaSeconds, string message, bool force = false)
    {
        if (!force && written && sinceWrite.Elapsed < MinInterval)
            return;
        catalog.UpdateJobProgress(jobId, Math.Clamp(fraction, 0, 1), step, total, etaSeconds, message);
        written = true;
        sinceWrite.Restart();
    }

    public void Log(string line) => catalog.AppendJobLog(jobId, line);
}
