using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace Vidgan.Util;

/// <summary>Process-wide settings made in every host (CLI, web service, tests, benchmarks) before Vidgan's first
/// tensor: the C allocator's when this assembly loads, libtorch's own as soon as TorchSharp loads (no tensor exists
/// before that). Loading libtorch takes a large share of a short command's time (README), which commands that never
/// make a tensor (`vidgan library list`, `--help`) need not pay.</summary>
static class LibTorchSetup
{
    const string TorchSharpAssembly = "TorchSharp";

    static int applied;

    [ModuleInitializer]
    [SuppressMessage("Usage", "CA2255", Justification = "must run before any libtorch convolution in every host")]
    internal static void Apply()
    {
        GlibcHeap.KeepFreedPages();
        AppDomain.CurrentDomain.AssemblyLoad += OnAssemblyLoad;
        if (AppDomain.CurrentDomain.GetAssemblies().Any(IsTorchSharp))
            ApplyToLibTorch();
    }

    static void OnAssemblyLoad(object? sender, AssemblyLoadEventArgs e)
    {
        if (IsTorchSharp(e.LoadedAssembly))
            ApplyToLibTorch();
    }

    static bool IsTorchSharp(Assembly assembly) => assembly.GetName().Name == TorchSharpAssembly;

    static void ApplyToLibTorch()
    {
        if (Interlocked.Exchange(ref applied, 1) == 1)
            return;
        AppDomain.CurrentDomain.AssemblyLoad -= OnAssemblyLoad;
        NnpackSwitch.TurnOff();
    }
}
