namespace Vidgan;

/// <summary>A request that clashes with the library's state (a name that is taken, a job that already ended); a web
/// front end answers 409.</summary>
public sealed class ConflictException(string message) : VidganException(message);
