using System.Runtime.InteropServices;

namespace Vidgan.Util;

/// <summary>oneDNN 3.7 (inside libtorch 2.10) returns NaN from its AVX, AVX2 and AVX-512 convolution kernels, now
/// and then, on AMD Zen 5 processors (family 26); its SSE4.1 kernels do not (figures in the README). So on those
/// processors oneDNN is held to SSE4.1, unless the user set the variable. It must be in the native environment before
/// oneDNN's first convolution, hence when this assembly loads (<see cref="LibTorchSetup"/>).</summary>
static partial class OneDnnWorkaround
{
    const string Variable = "ONEDNN_MAX_CPU_ISA";
    const string Isa = "SSE41";

    internal static void Apply()
    {
        if (!OperatingSystem.IsLinux() || Environment.GetEnvironmentVariable(Variable) != null || !IsZen5())
            return;
        _ = SetEnv(Variable, Isa, 0);
        Environment.SetEnvironmentVariable(Variable, Isa);
    }

    static bool IsZen5()
    {
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

    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SetEnv(string name, string value, int overwrite);
}
