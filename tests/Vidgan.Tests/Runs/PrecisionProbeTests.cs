using Vidgan.Runs;
using static TorchSharp.torch;

namespace Vidgan.Tests.Runs;

public class PrecisionProbeTests
{
    [Fact]
    public void ChoosesBf16OnlyWhenItIsClearlyFaster()
    {
        Assert.Equal(Precision.Bf16, new PrecisionProbe.Result(2.0).Precision);
        Assert.Equal(Precision.Bf16, new PrecisionProbe.Result(PrecisionProbe.MinSpeedup).Precision);
        Assert.Equal(Precision.Fp32, new PrecisionProbe.Result(1.1).Precision);
        Assert.Equal(Precision.Fp32, new PrecisionProbe.Result(0.04).Precision);
        Assert.Contains("no fast bf16 units", new PrecisionProbe.Result(0.04).Reason);
    }

    [Fact]
    public void OneTrialSlowedByOtherWorkIsOutvoted()
    {
        Assert.Equal(1.6, PrecisionProbe.Speedup([1.6, 1.16, 1.7]), 6);
        Assert.Equal(1.6, PrecisionProbe.Speedup([17.8, 1.6, 1.5]), 6);
        Assert.Equal(Precision.Bf16, new PrecisionProbe.Result(PrecisionProbe.Speedup([1.6, 1.16, 1.7])).Precision);
        Assert.Equal(0.05, PrecisionProbe.Speedup([0.05, 0.04, 1.3]), 6);
    }

    [Fact]
    public void MeasuresThisMachineOnceAndGivesAFiniteRatio()
    {
        var first = PrecisionProbe.For(CPU);
        Assert.True(double.IsFinite(first.Speedup), $"speed-up {first.Speedup}");
        Assert.Same(first, PrecisionProbe.For(CPU));
    }
}
