using Vidgan.Util;

namespace Vidgan.Library;

/// <summary>A checkpoint is loaded only if its bytes are the ones the catalog recorded when it was written: a
/// changed or damaged file is refused before any of it reaches a model.</summary>
public static class CheckpointIntegrity
{
    /// <returns>The file's SHA-256 when the catalog recorded one (so it was read to check), else null.</returns>
    public static string? Require(Catalog catalog, string checkpoint)
    {
        if (catalog.RecordedCheckpointSha(checkpoint) is not string recorded)
            return null;
        string actual = Hashing.Sha256File(checkpoint);
        if (actual != recorded)
            throw new VidganException(
                $"checkpoint {checkpoint} is not the file the library recorded (SHA-256 {actual[..12]}…, recorded "
                    + $"{recorded[..12]}…): it was changed or damaged, so it is not loaded"
            );
        return actual;
    }
}
