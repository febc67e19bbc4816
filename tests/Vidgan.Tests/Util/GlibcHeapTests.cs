using System.Runtime.CompilerServices;
using Vidgan.Util;

namespace Vidgan.Tests.Util;

public class GlibcHeapTests
{
    [Fact]
    public void OnLinuxTheCAllocatorTookBothSettingsOnceVidganLoads()
    {
        RuntimeHelpers.RunModuleConstructor(typeof(PeriodicWork).Module.ModuleHandle);
        Assert.Equal(OperatingSystem.IsLinux(), GlibcHeap.Applied);
    }
}
