namespace Vidgan;

/// <summary>An error caused by the user's input or environment. Front ends print its message as one
/// line and exit with <see cref="ExitCode"/>; anything else is a bug and keeps its stack trace.</summary>
public class VidganException(string message, int exitCode = 1, Exception? inner = null) : Exception(message, inner)
{
    public int ExitCode { get; } = exitCode;
}
