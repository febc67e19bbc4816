namespace Vidgan.Evaluation;

/// <param name="SelfSupervised">The clips had fewer than two classes, so the judge learned to tell clips as recorded
/// from shuffled and frozen ones; its "accuracy" on real clips is the share it calls in order.</param>
/// <param name="RealAccuracyByClass">Per class, the share of real clips the judge names rightly (labelled clips
/// only): which classes its figures can be trusted for.</param>
public sealed record JudgeReport(
    JudgeSource Source,
    int TrainClips,
    double RealAccuracy,
    double? GeneratedAccuracy,
    IReadOnlyDictionary<string, double>? GeneratedAccuracyByClass,
    IReadOnlyDictionary<string, double> GeneratedClassShare,
    bool SelfSupervised = false,
    IReadOnlyDictionary<string, double>? RealAccuracyByClass = null
);

/// <summary>How well the judge knows real clips (how far to trust it), and whether generated clips show the class they
/// were asked for: per class, and balanced (the mean of the per-class accuracies, so a frequent easy class cannot hide
/// a failing one).</summary>
public sealed class JudgeMetric : Metric<JudgeReport>
{
    public override string Key => "judge";

    public override IEnumerable<string> Summarize(JudgeReport s, EvaluationReport r)
    {
        string trained = s.Source switch
        {
            JudgeSource.TrainedNow => $"(trained now on {s.TrainClips} train clips)",
            JudgeSource.Shipped => $"(shipped with Vidgan for these {s.TrainClips} train clips)",
            _ => $"(cached, trained on {s.TrainClips} train clips)",
        };
        yield return s.SelfSupervised
            ? "  judge            self-supervised (the clips have fewer than 2 classes): it tells clips as "
                + $"recorded from shuffled and frozen ones; calls {s.RealAccuracy:P1} of real {r.SplitName} clips "
                + "in order "
                + trained
            : $"  judge            accuracy on real {r.SplitName} clips {s.RealAccuracy:P1}"
                + (s.RealAccuracyByClass is { } byClass ? $" ({ByClass(byClass)}) " : " ")
                + trained;
        yield return s.GeneratedAccuracy is double acc
            ? $"  class accuracy   {acc:P1} (mean over classes) of generated clips show their requested class ("
                + ByClass(s.GeneratedAccuracyByClass!)
                + ")"
            : (s.SelfSupervised ? "  generated clips  judged " : "  class share      ")
                + string.Join(", ", s.GeneratedClassShare.Select(kv => $"{kv.Key} {kv.Value:P0}"));
    }

    static string ByClass(IReadOnlyDictionary<string, double> shares) =>
        string.Join(", ", shares.Select(kv => $"{kv.Key} {kv.Value:P0}"));

    public override JudgeReport Measure(EvaluationContext c)
    {
        var (judge, real, model, requested) = (c.Judge, c.Real, c.Model, c.RequestedClasses);
        long[] realPred = c.RealProbabilities.argmax(1).data<long>().ToArray();
        double realAcc = realPred.Zip(real.ClassIndices).Average(p => p.First == p.Second ? 1.0 : 0.0);
        long[] genPred = c.GeneratedProbabilities.argmax(1).data<long>().ToArray();
        var share = judge
            .Classes.Select((name, i) => (name, share: genPred.Average(p => p == i ? 1.0 : 0.0)))
            .ToDictionary(x => x.name, x => x.share);
        if (judge.IsPretext)
            return new JudgeReport(c.JudgeSource, c.Train.Count, realAcc, null, null, share, SelfSupervised: true);
        // The real clips were loaded in the judge's class order (the training clips').
        var realByClass = judge
            .Classes.Select((name, k) => (name, k, said: realPred.Where((_, i) => real.ClassIndices[i] == k).ToArray()))
            .Where(x => x.said.Length > 0)
            .ToDictionary(x => x.name, x => x.said.Average(p => p == x.k ? 1.0 : 0.0));
        if (!model.Conditional)
            return new JudgeReport(
                c.JudgeSource,
                c.Train.Count,
                realAcc,
                null,
                null,
                share,
                RealAccuracyByClass: realByClass
            );
        // The model's class indices follow its own class list; the judge's may differ in order.
        var judgeIndex = model.Classes.Select(name => judge.Classes.ToList().IndexOf(name)).ToArray();
        var hits = genPred.Select((p, i) => p == judgeIndex[requested[i]]).ToArray();
        var byClass = model
            .Classes.Select(
                (name, k) =>
                    (
                        name,
                        acc: hits.Where((_, i) => requested[i] == k).DefaultIfEmpty(false).Average(h => h ? 1.0 : 0.0)
                    )
            )
            .ToDictionary(x => x.name, x => x.acc);
        return new JudgeReport(
            c.JudgeSource,
            c.Train.Count,
            realAcc,
            byClass.Values.Average(),
            byClass,
            share,
            false,
            realByClass
        );
    }
}
