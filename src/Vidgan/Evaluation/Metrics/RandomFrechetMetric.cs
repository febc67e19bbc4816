namespace Vidgan.Evaluation;

/// <summary>The Fréchet distance in <see cref="RandomFeatures"/>, beside its real-vs-real floor: a judge-free figure
/// that means the same on unlabelled footage as on labelled, and whatever the judge learned.</summary>
public sealed class RandomFrechetMetric : Metric<FrechetReport>
{
    public override string Key => "frechet_random";

    public override FrechetReport Measure(EvaluationContext c)
    {
        c.Progress?.Invoke("judge-free features: a fixed random network");
        using var net = new RandomFeatures(c.Generated.device);
        using var real = net.Of(c.RealClips);
        using var generated = net.Of(c.Generated);
        using var train = net.OfBytes(c.Train.Clips);
        return FrechetMetric.Compare(real, generated, train);
    }

    public override IEnumerable<string> Summarize(FrechetReport s, EvaluationReport r)
    {
        yield return $"  judge-free FD    {s.GeneratedVsRealMatched:0.00} generated vs real, beside the real-vs-real "
            + $"floor {s.RealVsRealFloor:0.00}, in a fixed random network's features (needs no labels and no judge)";
    }
}
