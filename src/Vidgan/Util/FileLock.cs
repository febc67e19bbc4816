namespace Vidgan.Util;

/// <summary>An exclusive lock between processes (and threads) on one machine or a shared mount: an open lock file
/// that no one else may open (an advisory <c>flock</c> on Linux). Held until disposed; the file stays.</summary>
public sealed class FileLock : IDisposable
{
    readonly FileStream stream;

    FileLock(FileStream stream) => this.stream = stream;

    /// <summary>Waits until the lock at <paramref name="path"/> is free, then takes it.</summary>
    public static FileLock Take(string path, TimeSpan timeout)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return new FileLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException) when (clock.Elapsed < timeout)
            {
                Thread.Sleep(20);
            }
            catch (IOException e)
            {
                throw new VidganException(
                    $"{path} stayed locked by another process for {timeout.TotalSeconds:0} s ({e.Message})"
                );
            }
        }
    }

    public void Dispose() => stream.Dispose();
}
