using Vidgan.Generation;

namespace Vidgan.Evaluation;

public sealed record Distribution(double Mean, double Std, double P10, double P50, double P90, int Count)
{
    public static Distribution Of(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToArray();
        double mean = sorted.Average();
        double std = Math.Sqrt(sorted.Sum(v => (v - mean) * (v - mean)) / Math.Max(1, sorted.Length - 1));
        double Q(double q) => sorted[(int)Math.Round(q * (sorted.Length - 1))];
        return new Distribution(mean, std, Q(0.1), Q(0.5), Q(0.9), sorted.Length);
    }
}

/// <param name="Generated">The discriminators' scores of the generated clips.</param>
/// <param name="Real">Their scores of the real clips of the compared split.</param>
public sealed record ScoresReport(Distribution Generated, Distribution Real);

/// <summary>How real the run's own discriminators find generated clips, beside real ones.</summary>
public sealed class ScoresMetric : Metric<ScoresReport>
{
    public override string Key => "discriminator_scores";

    public override ScoresReport Measure(EvaluationContext c)
    {
        bool conditional = c.Model.Conditional;
        // The seeds the clips were generated from choose their labels; real clips get labels chosen the same way.
        int[]? Labels(IReadOnlyList<int> classes) =>
            conditional ? c.Model.Labels(classes, classes.Select((_, i) => (long)c.Options.Seed + i).ToArray()) : null;
        var generated = Scoring.DiscriminatorScores(c.Models, c.Generated, Labels(c.RequestedClasses));
        var real = Scoring.DiscriminatorScores(
            c.Models,
            c.RealClips,
            Labels(c.Real.ClassIndices.Select(i => (int)i).ToArray())
        );
        return new ScoresReport(Distribution.Of(generated), Distribution.Of(real));
    }

    public override IEnumerable<string> Summarize(ScoresReport s, EvaluationReport r)
    {
        yield return $"  D scores         generated {s.Generated.Mean:0.00} ± {s.Generated.Std:0.00} "
            + $"(p10 {s.Generated.P10:0.00}, p90 {s.Generated.P90:0.00}); real {r.SplitName} "
            + $"{s.Real.Mean:0.00} ± {s.Real.Std:0.00}";
    }
}
