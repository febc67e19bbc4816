namespace Vidgan.Evaluation;

/// <summary>Precision, recall, density and coverage (Naeem et al. 2020, k = 5) in the judge's feature space.</summary>
public sealed class PrdcMetric : Metric<PrdcResult>
{
    public const int K = 5;

    public override string Key => "prdc";

    public override PrdcResult Measure(EvaluationContext c) => Prdc.Compute(c.RealFeatures, c.GeneratedFeatures, k: K);

    public override IEnumerable<string> Summarize(PrdcResult s, EvaluationReport r)
    {
        yield return $"  PRDC (k={s.K})      precision {s.Precision:0.00}  recall {s.Recall:0.00}  "
            + $"density {s.Density:0.00}  coverage {s.Coverage:0.00}";
    }
}
