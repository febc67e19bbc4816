namespace Vidgan.Util;

/// <summary>Runs an action on the thread pool every <c>interval</c> until disposed. An exception from the action goes
/// to <c>failed</c> and the next tick runs as usual: one escaping a timer callback would end the whole process.
/// Dispose returns only once a tick in progress has finished, so that the action never runs after its owner has
/// released what it uses (a library folder, a catalog).</summary>
public sealed class PeriodicWork : IDisposable
{
    readonly Timer timer;
    readonly Lock gate = new();
    bool disposed;

    public PeriodicWork(TimeSpan interval, Action work, Action<Exception> failed)
    {
        timer = new Timer(
            _ =>
            {
                lock (gate)
                {
                    if (disposed)
                        return;
                    try
                    {
                        work();
                    }
                    catch (Exception e)
                    {
                        failed(e);
                    }
                }
            },
            null,
            interval,
            interval
        );
    }

    public void Dispose()
    {
        timer.Dispose();
        lock (gate)
            disposed = true;
    }
}
