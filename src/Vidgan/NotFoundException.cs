namespace Vidgan;

/// <summary>Something asked for by id does not exist (an asset, a collection, a run, a job); a web front end answers
/// 404.</summary>
public sealed class NotFoundException(string message) : VidganException(message);
