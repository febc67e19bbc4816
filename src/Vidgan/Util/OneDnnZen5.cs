namespace Vidgan.Util;

/// <summary>On AMD Zen 5 (family 26), oneDNN 3.7 inside libtorch 2.10 returns wrong or NaN convolution results from
/// its blocked-layout kernels (chosen for channels-first input) when a channel count is not a multiple of the vector
/// width; its channels-last kernels are right (bench/results/onednn-zen5.md). Vidgan's own convolutions all run
/// channels-last (Models/ChannelsLastConv.cs), so it no longer holds oneDNN to SSE4.1 there; a network it
/// did not build (a user's I3D) may still hit those kernels, and this says when.</summary>
public static class OneDnnZen5
{
    const string Variable = "ONEDNN_MAX_CPU_ISA";

    /// <summary>True on Zen 5 unless oneDNN is held to SSE4.1 (where those kernels are not used).</summary>
    public static bool ChannelsFirstKernelsUnreliable { get; } =
        IsZen5() && !string.Equals(Environment.GetEnvironmentVariable(Variable), "SSE41", StringComparison.Ordinal);

    /// <summary>What a result computed by a network Vidgan did not build should carry on such a CPU.</summary>
    public static string? CautionForExternalNetworks =>
        ChannelsFirstKernelsUnreliable
            ? $"on this AMD Zen 5 CPU oneDNN can compute channels-first layers wrongly; for a figure to trust, "
                + $"run again with {Variable}=SSE41"
            : null;

    static bool IsZen5()
    {
        if (!OperatingSystem.IsLinux())
            return false;
        try
        {
            var lines = File.ReadLines("/proc/cpuinfo").Take(16).ToList();
            bool amd = lines.Any(l =>
                l.StartsWith("vendor_id", StringComparison.Ordinal) && l.EndsWith("AuthenticAMD")
            );
            var family = lines.FirstOrDefault(l => l.StartsWith("cpu family", StringComparison.Ordinal));
            return amd && family != null && int.TryParse(family.Split(':')[1].Trim(), out int f) && f >= 26;
        }
        catch (IOException)
        {
            return false;
        }
    }
}
