using System.Collections.Concurrent;
using System.Diagnostics;
using TorchSharp;
using Vidgan.Models;
using static TorchSharp.torch;

namespace Vidgan.Runs;

/// <summary>Whether bfloat16 pays on a device. CPUs differ by an order of magnitude here: with AMX or AVX-512 BF16
/// units a bf16 convolution runs about twice as fast as float32, while an AVX2-only CPU (an AMD EPYC Milan, say)
/// emulates it at a tenth of float32's speed. So `--precision auto` times one small 3D convolution, forward and
/// backward, on channels-last input as the networks run it, in both types (a few tens of milliseconds) and picks bf16
/// only when it is clearly faster.</summary>
public static class PrecisionProbe
{
    /// <summary>bf16 must be at least this many times as fast as float32 to be chosen.</summary>
    public const double MinSpeedup = 1.2;

    /// <param name="Speedup">float32 time over bf16 time for the probe convolution: above 1, bf16 is faster.</param>
    public sealed record Result(double Speedup)
    {
        public Precision Precision => Speedup >= MinSpeedup ? Precision.Bf16 : Precision.Fp32;

        public string Reason =>
            Speedup >= MinSpeedup
                ? $"bf16 convolutions ran {Speedup:0.0}× as fast as float32 here"
                : $"bf16 convolutions ran at {Speedup:0.00}× float32's speed here: this processor has no fast bf16 "
                    + "units";
    }

    static readonly ConcurrentDictionary<string, Result> Measured = new();

    /// <summary>The precision asked for, with auto replaced by the measured choice.</summary>
    public static Precision Resolve(PrecisionMode asked, Device device) => Choose(asked, device).Precision;

    /// <summary>Resolves <paramref name="asked"/> into a precision (measuring only when it matters) and says
    /// why.</summary>
    public static (Precision Precision, PrecisionChoice Choice) Choose(PrecisionMode asked, Device device)
    {
        if (asked == PrecisionMode.Fp32)
            return (Precision.Fp32, new PrecisionChoice(asked, null, "float32 was asked for"));
        var probe = For(device);
        var precision = asked == PrecisionMode.Auto ? probe.Precision : Precision.Bf16;
        return (precision, new PrecisionChoice(asked, probe.Speedup, probe.Reason));
    }

    /// <summary>Measured once per device per process.</summary>
    public static Result For(Device device) => Measured.GetOrAdd(device.ToString(), _ => Measure(device));

    /// <summary>Times both types this many times over, one after the other: a trial that other work on the machine
    /// slowed for a moment is then outvoted instead of deciding the run's precision.</summary>
    public const int Trials = 3;

    /// <summary>The median of the trials' float32-over-bf16 ratios.</summary>
    public static double Speedup(IReadOnlyList<double> trialRatios)
    {
        var sorted = trialRatios.Order().ToArray();
        int mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    static Result Measure(Device device)
    {
        using var scope = torch.NewDisposeScope();
        using var draws = TorchRandom.Own(0);
        using var ownDraws = TorchRandom.Use(draws);
        double Seconds(ScalarType type)
        {
            var x = ChannelsLast.Of(TorchRandom.Normal([4, 16, 4, 16, 16], type, device)).requires_grad_(true);
            var w = TorchRandom.Normal([32, 16, 3, 3, 3], type, device).mul(0.05).requires_grad_(true);
            double best = double.MaxValue;
            for (int i = 0; i < 6; i++)
            {
                var clock = Stopwatch.StartNew();
                var y = nn.functional.conv3d(x, w, padding: new long[] { 1, 1, 1 });
                y.sum().backward();
                _ = w.grad!.sum().to(ScalarType.Float32).item<float>(); // waits for the device
                if (i >= 2)
                    best = Math.Min(best, clock.Elapsed.TotalSeconds);
                x.grad!.zero_();
                w.grad!.zero_();
            }
            return best;
        }
        var ratios = Enumerable
            .Range(0, Trials)
            .Select(_ => Seconds(ScalarType.Float32) / Seconds(ScalarType.BFloat16))
            .ToArray();
        return new Result(Speedup(ratios));
    }
}
