using Vidgan.Util;

namespace Vidgan.Library;

/// <summary>A checkpoint is loaded only if its bytes are the ones the catalog recorded when it was written: a
/// changed or damaged file is refused before any of it reaches a model.</summary>
public static class CheckpointIntegrity
{
    public static void Require(Catalog catalog, string checkpoint)
    {
        if (catalog.RecordedCheckpointSha(checkpoint) is string recorded)
            Verify(checkpoint, recorded, Hashing.Sha256File(checkpoint));
    }

    /// <param name="actual">The file's SHA-256 as read now.</param>
    public static void Verify(string checkpoint, string recorded, string actual)
    {
        if (actual != recorded)
            throw new VidganException(
                $"checkpoint {checkpoint} is not the file the library recorded (SHA-256 {actual[..12]}…, recorded "
                    + $"{recorded[..12]}…): it was changed or damaged, so it is not loaded"
            );
    }
}
