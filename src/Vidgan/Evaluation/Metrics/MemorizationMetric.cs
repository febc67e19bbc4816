using Vidgan.Generation;
using static TorchSharp.torch;

namespace Vidgan.Evaluation;

public sealed record MemorizationReport(
    double Threshold,
    int NearCopies,
    double NearestPixelMin,
    double NearestPixelMean,
    double RealHeldOutNearestPixelMean,
    double NearestJudgeMean,
    double RealHeldOutNearestJudgeMean
);

/// <summary>How close generated clips come to their nearest training clip, in pixels and in judge space, beside the
/// same distances for real held-out clips; clips under the pixel threshold are near-copies.</summary>
public sealed class MemorizationMetric : Metric<MemorizationReport>
{
    public override string Key => "memorization";

    public override MemorizationReport Measure(EvaluationContext c)
    {
        using var training = new NearestClipSearch(c.Train.Clips);
        double[] genPixel = training.Find(c.Generated).Select(n => n.Distance).ToArray();
        double[] realPixel = training.Find(c.RealClips).Select(n => n.Distance).ToArray();
        using var scope = NewDisposeScope();
        double genJudge = cdist(c.GeneratedFeatures, c.TrainFeatures).min(1).values.mean().item<float>();
        double realJudge = cdist(c.RealFeatures, c.TrainFeatures).min(1).values.mean().item<float>();
        double threshold = c.Options.NearCopyThreshold;
        return new MemorizationReport(
            threshold,
            genPixel.Count(d => d < threshold),
            genPixel.Min(),
            genPixel.Average(),
            realPixel.Average(),
            genJudge,
            realJudge
        );
    }

    public override IEnumerable<string> Summarize(MemorizationReport s, EvaluationReport r)
    {
        yield return $"  memorization     {s.NearCopies} near-copies (pixel distance < {s.Threshold}); nearest "
            + $"training clip: pixels {s.NearestPixelMean:0.000} mean (real held-out "
            + $"{s.RealHeldOutNearestPixelMean:0.000}), judge space {s.NearestJudgeMean:0.00} (real held-out "
            + $"{s.RealHeldOutNearestJudgeMean:0.00})";
    }
}
