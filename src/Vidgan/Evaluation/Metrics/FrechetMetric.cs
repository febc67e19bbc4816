using Vidgan.Data;
using static TorchSharp.torch;

namespace Vidgan.Evaluation;

/// <param name="RealVsRealFloor">Between two disjoint halves of the real clips (neither seen by the judge in
/// training), averaged over <paramref name="Splits"/> random splits.</param>
/// <param name="GeneratedVsRealMatched">Between as many generated clips as a half holds and the second half, averaged
/// over the same splits (a fresh draw of generated clips each): the Fréchet distance grows as samples shrink, so only
/// this one compares fairly with the floor.</param>
/// <param name="Dimensions">The distance is measured in this many principal components of the judge's features of the
/// real training clips: covariances of a few dozen clips in the full 128 dimensions would be rank-deficient.</param>
/// <param name="TrainVsRealMatched">Between as many real training clips as a half holds, drawn class by class as the
/// second half's clips are, and the second half: what a model that reproduced its training clips exactly would score.
/// Far above the floor, it says that the held-out clips differ from the training ones (other source videos), so that
/// no model trained on these clips can come near the floor.</param>
/// <param name="MatchedSpread">The standard deviation of the matched figure from split to split: how far one split
/// alone could have strayed.</param> <param name="FloorSpread">The same for the floor.</param>
public sealed record FrechetReport(
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
);

/// <summary>The in-domain Fréchet distance between judge features of real and generated clips, beside the real-vs-real
/// floor.</summary>
public sealed class FrechetMetric : Metric<FrechetReport>
{
    public const int Dimensions = 16;

    /// <summary>Random splits the figures are averaged over.</summary>
    public const int DefaultSplits = 20;

    public override string Key => "frechet";

    public override FrechetReport Measure(EvaluationContext c) =>
        Compare(c.RealFeatures, c.GeneratedFeatures, c.TrainFeatures, TrainingCounterparts(c.Train, c.Real));

    public override IEnumerable<string> Summarize(FrechetReport s, EvaluationReport r)
    {
        yield return $"  in-domain FD     {s.GeneratedVsRealMatched:0.00} generated vs real, beside the real-vs-real "
            + $"floor {s.RealVsRealFloor:0.00} (each {s.FloorSamples} vs {s.FloorSamples} clips; halves of the "
            + $"{s.RealSamples} real {r.SplitName} clips; {s.Dimensions} principal components; "
            + $"{SplitWords(s.Splits, s.MatchedSpread, s.FloorSpread)}); "
            + $"{s.GeneratedVsReal:0.00} for all {s.GeneratedSamples} generated vs all {s.RealSamples} real"
            + CopyReference(s.TrainVsRealMatched);
    }

    /// <summary>The summary's words for <see cref="FrechetReport.Splits"/> and the spreads.</summary>
    public static string SplitWords(int splits, double? matchedSpread, double? floorSpread) =>
        splits <= 1 || matchedSpread is not double m || floorSpread is not double f
            ? "one split"
            : $"mean of {splits} random splits, standard deviation {m:0.00} and {f:0.00}";

    /// <summary>The summary's words for <see cref="FrechetReport.TrainVsRealMatched"/>.</summary>
    public static string CopyReference(double? trainVsReal) =>
        trainVsReal is double d ? $"; real training clips in their place score {d:0.00}" : "";

    /// <summary>For each real clip, a training clip of the same class drawn at random (any training clip when the
    /// clips are unlabelled or the class has none), with a fixed seed: indices into the training clips.</summary>
    public static long[] TrainingCounterparts(TrainingSet train, TrainingSet real, int seed = 9)
    {
        var rng = new Random(seed);
        var byClass = train
            .ClassIndices.Select((c, i) => (c, i: (long)i))
            .GroupBy(x => x.c)
            .ToDictionary(g => g.Key, g => g.Select(x => x.i).ToArray());
        var all = Enumerable.Range(0, train.Count).Select(i => (long)i).ToArray();
        return real
            .ClassIndices.Select(c => byClass.TryGetValue(c, out var same) ? same : all)
            .Select(pool => pool[rng.Next(pool.Length)])
            .ToArray();
    }

    /// <summary>Fréchet distances in the top principal components of the training clips' features. The floor: two
    /// random halves of the real clips. The matched figure: as many generated clips, drawn at random (continuations
    /// follow the real clips' order, which can be sorted by class), against the second half. With a few dozen clips
    /// per half one split scatters by a factor of two or more, so both are means over
    /// <paramref name="splits"/> splits, each with its own halves and its own draw of generated clips.</summary>
    /// <param name="trainCounterparts">For each real clip, a training clip like it (see
    /// <see cref="TrainingCounterparts"/>); when given, the report carries the training clips' own score.</param>
    internal static FrechetReport Compare(
        Tensor realFeatures,
        Tensor genFeatures,
        Tensor trainFeatures,
        long[]? trainCounterparts = null,
        int splits = DefaultSplits
    )
    {
        using var scope = NewDisposeScope();
        long realCount = realFeatures.shape[0],
            genCount = genFeatures.shape[0],
            half = realCount / 2;
        int dims = (int)Math.Clamp(half / 4, 2, Dimensions);
        var basis = FrechetDistance.PrincipalBasis(trainFeatures.to_type(ScalarType.Float64), dims);
        Tensor Project(Tensor f) => f.to_type(ScalarType.Float64).matmul(basis);
        var realP = Project(realFeatures);
        var genP = Project(genFeatures);
        var trainP = trainCounterparts is null
            ? null
            : Project(trainFeatures).index_select(0, tensor(trainCounterparts));
        var matched = new double[splits];
        var floor = new double[splits];
        var trainVsReal = new double[splits];
        for (int s = 0; s < splits; s++)
        {
            var order = randperm(realCount, generator: new Generator((ulong)(7 + 2 * s)));
            var generatedOrder = randperm(genCount, generator: new Generator((ulong)(8 + 2 * s)));
            var first = order.narrow(0, 0, half);
            var second = order.narrow(0, half, half);
            var halfB = realP.index_select(0, second);
            floor[s] = FrechetDistance.Compute(realP.index_select(0, first), halfB);
            matched[s] = FrechetDistance.Compute(
                halfB,
                genP.index_select(0, generatedOrder.narrow(0, 0, Math.Min(half, genCount)))
            );
            if (trainP is not null)
                trainVsReal[s] = FrechetDistance.Compute(halfB, trainP.index_select(0, second));
        }
        return new FrechetReport(
            FrechetDistance.Compute(realP, genP),
            matched.Average(),
            floor.Average(),
            (int)genCount,
            (int)realCount,
            (int)half,
            dims,
            trainP is null ? null : trainVsReal.Average(),
            splits,
            StandardDeviation(matched),
            StandardDeviation(floor)
        );
    }

    static double StandardDeviation(double[] values)
    {
        double mean = values.Average();
        return values.Length < 2 ? 0 : Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1));
    }
}
