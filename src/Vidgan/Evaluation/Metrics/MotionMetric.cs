using TorchSharp;
using static TorchSharp.torch;

namespace Vidgan.Evaluation;

/// <param name="Real">Mean frame-to-frame change of the real clips of the compared split, as a share of the full
/// pixel range (0 for a still clip).</param>
/// <param name="Generated">The same for the generated clips.</param>
/// <param name="StillShare">Share of generated clips that move less than the least-moving tenth of the real clips:
/// about 0.1 when generated motion is spread as real motion is, near 1 for a generator that draws still
/// pictures.</param>
public sealed record MotionReport(double Real, double Generated, double StillShare)
{
    /// <summary>Generated motion as a multiple of real motion (1 is right; near 0 is frozen), or null when the real
    /// clips do not move at all.</summary>
    public double? Ratio => Real > 0 ? Generated / Real : null;
}

/// <summary>How much generated clips move beside real ones: a figure no feature-space distance shows plainly, and the
/// first thing a person notices when a video generator draws still pictures.</summary>
public sealed class MotionMetric : Metric<MotionReport>
{
    public override string Key => "motion";

    public override MotionReport Measure(EvaluationContext c) => Compare(c.RealClips, c.Generated);

    public static MotionReport Compare(Tensor realClips, Tensor generatedClips)
    {
        var real = PerClip(realClips);
        var generated = PerClip(generatedClips);
        double stillBelow = real.Order().ElementAt((int)Math.Floor(0.1 * (real.Length - 1)));
        return new MotionReport(
            real.Average(),
            generated.Average(),
            generated.Count(m => m < stillBelow) / (double)generated.Length
        );
    }

    /// <summary>Each clip's mean absolute change between consecutive frames, for clips (B, C, T, H, W) in [−1, 1],
    /// as a share of that range.</summary>
    public static double[] PerClip(Tensor clips)
    {
        using var scope = torch.NewDisposeScope();
        long frames = clips.shape[2];
        if (frames < 2)
            return new double[clips.shape[0]];
        var change = (clips.narrow(2, 1, frames - 1) - clips.narrow(2, 0, frames - 1)).abs();
        return (change.flatten(1).mean([1]) / 2).to_type(float64).cpu().data<double>().ToArray();
    }

    public override IEnumerable<string> Summarize(MotionReport s, EvaluationReport r)
    {
        string ratio = s.Ratio?.ToString("0.00") ?? "—";
        yield return $"  motion           generated clips change {s.Generated:0.0000} per frame, real {r.SplitName} "
            + $"{s.Real:0.0000} ({ratio}×); {s.StillShare:P0} of generated clips move less than the stillest tenth "
            + "of real ones";
    }
}
