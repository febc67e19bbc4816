namespace Vidgan.Trust;

/// <summary>A file whose credentials cannot be written or read: the message names what is wrong with it.</summary>
public sealed class TrustException(string message) : VidganException(message, 1);
