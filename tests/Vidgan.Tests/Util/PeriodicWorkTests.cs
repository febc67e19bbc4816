using Vidgan.Util;

namespace Vidgan.Tests.Util;

public class PeriodicWorkTests
{
    static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(10);
    static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public void AFailingTickIsReportedAndTheNextOneStillRuns()
    {
        int ticks = 0;
        var failures = new List<string>();
        using var secondTick = new ManualResetEventSlim();
        using (
            new PeriodicWork(
                Tick,
                () =>
                {
                    if (Interlocked.Increment(ref ticks) == 1)
                        throw new IOException("the catalog went away");
                    secondTick.Set();
                },
                e => failures.Add(e.Message)
            )
        )
            Assert.True(secondTick.Wait(Patience), "no tick ran after the one that failed");
        Assert.Equal(["the catalog went away"], failures);
    }

    [Fact]
    public void DisposeWaitsForATickInProgressAndNoTickRunsAfterIt()
    {
        int ticks = 0;
        bool tickFinished = false;
        using var inTick = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var work = new PeriodicWork(
            Tick,
            () =>
            {
                Interlocked.Increment(ref ticks);
                inTick.Set();
                release.Wait(Patience);
                tickFinished = true;
            },
            _ => { }
        );
        Assert.True(inTick.Wait(Patience));
        // A thread of its own: the tick holds a pool thread, and a pool that is slow to grow would delay a task.
        var disposing = new Thread(work.Dispose);
        disposing.Start();
        Assert.False(disposing.Join(TimeSpan.FromMilliseconds(200)), "Dispose returned while a tick was running");
        release.Set();
        Assert.True(disposing.Join(Patience));
        Assert.True(tickFinished);
        int after = Volatile.Read(ref ticks);
        Thread.Sleep(Tick * 10);
        Assert.Equal(after, Volatile.Read(ref ticks));
    }
}
