using System.Runtime.InteropServices;

namespace Vidgan.Util;

/// <summary>libtorch takes every tensor's memory from the C allocator. glibc's serves blocks above a threshold
/// (128 KB, raised as such blocks are freed, to at most 32 MB) with fresh pages from the kernel, and gives the free
/// top of its heap back once it passes twice that: a network's activations are allocated and freed again on every
/// forward pass, so each pass faults in its pages anew. Vidgan keeps them instead: blocks up to 256 MB come from the
/// heap, and up to 1 GB of freed heap stays with the process for the next pass (bench/results/heap-zen5.md).
/// </summary>
static partial class GlibcHeap
{
    const int TrimThresholdOption = -1,
        MmapThresholdOption = -3;

    /// <summary>Blocks at least this large still get pages of their own, given back as soon as they are
    /// freed.</summary>
    internal const int MmapThresholdBytes = 256 << 20;

    /// <summary>Free memory at the top of the heap beyond this goes back to the system.</summary>
    internal const int TrimThresholdBytes = 1 << 30;

    /// <summary>Whether the allocator took both settings (false off Linux, or with a C library that has no
    /// such options).</summary>
    internal static bool Applied { get; private set; }

    internal static void KeepFreedPages()
    {
        if (!OperatingSystem.IsLinux())
            return;
        try
        {
            Applied =
                Mallopt(MmapThresholdOption, MmapThresholdBytes) == 1
                && Mallopt(TrimThresholdOption, TrimThresholdBytes) == 1;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // Another C library: it keeps its own policy, which costs time, not correctness.
        }
    }

    [LibraryImport("libc", EntryPoint = "mallopt")]
    private static partial int Mallopt(int option, int value);
}
