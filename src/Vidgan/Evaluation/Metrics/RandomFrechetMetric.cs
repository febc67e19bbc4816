namespace Vidgan.Evaluation;

/// <summary>The judge-free Fréchet distance: <see cref="FrechetReport"/>'s figures in <see cref="RandomFeatures"/>.
/// A type of its own, so that a report's judge-space figures are never mistaken for these.</summary>
public sealed record JudgeFreeFrechetReport(
    double GeneratedVsReal,
    double GeneratedVsRealMatched,
    double RealVsRealFloor,
    int GeneratedSamples,
    int RealSamples,
    int FloorSamples,
    int Dimensions,
    double? TrainVsRealMatched = null,
    int Splits = 1,
    double? MatchedSpread = null,
    double? FloorSpread = null
)
{
    public static JudgeFreeFrechetReport From(FrechetReport r) =>
        new(
            r.GeneratedVsReal,
            r.GeneratedVsRealMatched,
            r.RealVsRealFloor,
            r.GeneratedSamples,
            r.RealSamples,
            r.FloorSamples,
            r.Dimensions,
            r.TrainVsRealMatched,
            r.Splits,
            r.MatchedSpread,
            r.FloorSpread
        );
}

/// <summary>The Fréchet distance in <see cref="RandomFeatures"/>, beside its real-vs-real floor: a judge-free figure
/// that means the same on unlabelled footage as on labelled, and whatever the judge learned.</summary>
public sealed class RandomFrechetMetric : Metric<JudgeFreeFrechetReport>
{
    public override string Key => "frechet_random";

    public override JudgeFreeFrechetReport Measure(EvaluationContext c)
    {
        c.Progress?.Invoke("judge-free features: a fixed random network");
        using var net = new RandomFeatures(c.Generated.device);
        using var real = net.Of(c.RealClips);
        using var generated = net.Of(c.Generated);
        using var train = net.OfBytes(c.Train.Clips);
        var counterparts = FrechetMetric.TrainingCounterparts(c.Train, c.Real);
        return JudgeFreeFrechetReport.From(FrechetMetric.Compare(real, generated, train, counterparts));
    }

    public override IEnumerable<string> Summarize(JudgeFreeFrechetReport s, EvaluationReport r)
    {
        yield return $"  judge-free FD    {s.GeneratedVsRealMatched:0.00} generated vs real, beside the real-vs-real "
            + $"floor {s.RealVsRealFloor:0.00}, in a fixed random network's features (needs no labels and no judge)"
            + FrechetMetric.CopyReference(s.TrainVsRealMatched);
    }
}
