using System.Runtime.CompilerServices;
using TorchSharp;
using Vidgan.Util;

namespace Vidgan.Tests.Util;

public class LibTorchSetupTests
{
    [Fact]
    public void NnpackIsSwitchedOffOnceVidganAndTorchSharpLoad()
    {
        Assert.Equal("TorchSharp", typeof(torch).Assembly.GetName().Name);
        RuntimeHelpers.RunModuleConstructor(typeof(PeriodicWork).Module.ModuleHandle);
        Assert.False(NnpackSwitch.Enabled);
    }

    [Fact]
    public void AConvolutionWithoutGradientsThatNnpackWouldHaveTakenMatchesOneWithGradients()
    {
        RuntimeHelpers.RunModuleConstructor(typeof(PeriodicWork).Module.ModuleHandle);
        torch.manual_seed(3);
        using var conv = torch.nn.Conv2d(3, 8, 3, padding: 1);
        using var images = torch.randn(16, 3, 12, 12);
        using var withGradients = conv.forward(images);
        using var noGrad = torch.no_grad();
        using var without = conv.forward(images);
        Assert.True(without.allclose(withGradients, rtol: 1e-4, atol: 1e-5));
    }
}
