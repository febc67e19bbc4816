namespace Vidgan.Util;

/// <summary>A write that failed because the device is full: a state of the machine, not a bug, so the front ends
/// report it in one line. Files written through <see cref="AtomicFile"/> keep their old content when that
/// happens.</summary>
public static class DiskFull
{
    // ENOSPC on Linux, which .NET reports as the exception's HResult; ERROR_DISK_FULL and ERROR_HANDLE_DISK_FULL on
    // Windows.
    static readonly int[] Codes = [28, unchecked((int)0x80070070), unchecked((int)0x80070027)];

    public static bool Is(Exception e) => e is IOException && Codes.Contains(e.HResult);

    public static string Describe(Exception e) =>
        $"{e.Message.ReplaceLineEndings(" ")}: free some space and run the command again (files already written are "
        + "kept; `train --resume` continues a run from its last checkpoint)";
}
