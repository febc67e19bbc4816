using System.Runtime.InteropServices;

namespace Vidgan.Util;

/// <summary>Vidgan runs libtorch without NNPACK. libtorch 2.10 asks whether NNPACK can run before each convolution
/// that might use it and, where it cannot (CPUs without AVX2, virtual machines that hide the L3 cache), logs "Could not
/// initialize NNPACK! Reason: Unsupported hardware." every time: thousands of lines in a training run, enough in a
/// test run to crowd the reason of a crash out of what the test host keeps of its error stream. NNPACK only serves 2D
/// convolutions of 16 or more images that need no gradient; without it those run on oneDNN or libtorch's own kernels,
/// which drew and scored clips faster here (README). TorchSharp has no call for this switch, so it is libtorch's
/// own <c>at::globalContext().setUserEnabledNNPACK(false)</c>.</summary>
static partial class NnpackSwitch
{
    const string LibTorch = "libtorch_cpu";

    internal static void TurnOff()
    {
        try
        {
            SetUserEnabledNnpack(GlobalContext(), false);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // A libtorch without this entry point: it keeps its own choice, and only its log may be noisier.
        }
    }

    /// <summary>Whether libtorch may use NNPACK (the switch, not whether this CPU can run it).</summary>
    internal static bool Enabled => UserEnabledNnpack(GlobalContext());

    [LibraryImport(LibTorch, EntryPoint = "_ZN2at13globalContextEv")]
    private static partial IntPtr GlobalContext();

    [LibraryImport(LibTorch, EntryPoint = "_ZN2at7Context20setUserEnabledNNPACKEb")]
    private static partial void SetUserEnabledNnpack(IntPtr context, [MarshalAs(UnmanagedType.U1)] bool enabled);

    [LibraryImport(LibTorch, EntryPoint = "_ZNK2at7Context17userEnabledNNPACKEv")]
    [return: MarshalAs(UnmanagedType.U1)]
    private static partial bool UserEnabledNnpack(IntPtr context);
}
