using Hangfire.Logging;

namespace Vidgan.Web.Jobs;

/// <summary>Hangfire's log goes through one process-wide provider; tying it to a host's logger factory breaks the
/// next host in the same process (tests start many) once the first is disposed. This stateless provider writes
/// Hangfire's errors to stderr and drops the rest.</summary>
public sealed class HangfireLog : ILogProvider, ILog
{
    public static readonly HangfireLog Instance = new();

    public ILog GetLogger(string name) => this;

    public bool Log(LogLevel logLevel, Func<string>? messageFunc, Exception? exception = null)
    {
        if (logLevel < LogLevel.Error)
            return false;
        if (messageFunc != null)
            Console.Error.WriteLine($"hangfire: {messageFunc()}{(exception != null ? ": " + exception.Message : "")}");
        return true;
    }
}
