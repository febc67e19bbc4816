using System.Reflection;
using TorchSharp;
using Vidgan.Tests.Support;
using Xunit.Sdk;

[assembly: TensorScopePerTest]

namespace Vidgan.Tests.Support;

/// <summary>Runs each synchronous test inside a TorchSharp dispose scope. Without one, a tensor that a test (or the
/// code it calls) hands to libtorch and never uses again may be collected while libtorch still reads it: a garbage
/// collection started by a test on another thread queues the tensor's finalizer, which frees its native handle
/// mid-call (the test host died so in <c>at::_ops::div_Tensor::call</c> twice here, 2026-12-03). The scope holds every
/// tensor the test creates until the test ends, then frees them. An async test may resume on another thread, where
/// the scope would not be its own, so it runs without one.</summary>
[AttributeUsage(AttributeTargets.Assembly)]
public sealed class TensorScopePerTestAttribute : BeforeAfterTestAttribute
{
    [ThreadStatic]
    static DisposeScope? scope;

    public override void Before(MethodInfo methodUnderTest)
    {
        if (methodUnderTest.ReturnType == typeof(void))
            scope = torch.NewDisposeScope();
    }

    public override void After(MethodInfo methodUnderTest)
    {
        scope?.Dispose();
        scope = null;
    }
}
