using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Vidgan.Util;

/// <summary>libtorch's process-wide settings, made when this assembly loads: in every host (CLI, web service, tests,
/// benchmarks) before Vidgan's first tensor.</summary>
static class LibTorchSetup
{
    [ModuleInitializer]
    [SuppressMessage("Usage", "CA2255", Justification = "must run before any libtorch convolution in every host")]
    internal static void Apply()
    {
        GlibcHeap.KeepFreedPages();
        NnpackSwitch.TurnOff();
    }
}
