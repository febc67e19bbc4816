using Vidgan.Data;
using Vidgan.Models;
using static TorchSharp.torch;

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

    public override JudgeReport Measure(EvaluationContext c) =>
        Accuracy(c.Judge, c.Real, c.RealProbabilities, c.GeneratedProbabilities, c.Model, c.RequestedClasses) with
        {
            Source = c.JudgeSource,
            TrainClips = c.Train.Count,
        };

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

    static JudgeReport Accuracy(
        Judge judge,
        TrainingSet real,
        Tensor realProbs,
        Tensor genProbs,
        ModelConfig model,
        int[] requested
    )
    {
        long[] realPred = realProbs.argmax(1).data<long>().ToArray();
        double realAcc = realPred.Zip(real.ClassIndices).Average(p => p.First == p.Second ? 1.0 : 0.0);
        long[] genPred = genProbs.argmax(1).data<long>().ToArray();
        var share = judge
            .Classes.Select((name, i) => (name, share: genPred.Average(p => p == i ? 1.0 : 0.0)))
            .ToDictionary(x => x.name, x => x.share);
        if (judge.IsPretext)
            return new JudgeReport(JudgeSource.TrainedNow, 0, realAcc, null, null, share, SelfSupervised: true);
        // The real clips were loaded in the judge's class order (the training clips').
        var realByClass = judge
            .Classes.Select((name, c) => (name, c, said: realPred.Where((_, i) => real.ClassIndices[i] == c).ToArray()))
            .Where(x => x.said.Length > 0)
            .ToDictionary(x => x.name, x => x.said.Average(p => p == x.c ? 1.0 : 0.0));
        if (!model.Conditional)
            return new JudgeReport(
                JudgeSource.TrainedNow,
                0,
                realAcc,
                null,
                null,
                share,
                RealAccuracyByClass: realByClass
            );
        // The model's class indices follow its own class list; the judge's may differ in order.
        var judgeIndex = model.Classes.Select(c => judge.Classes.ToList().IndexOf(c)).ToArray();
        var hits = genPred.Select((p, i) => p == judgeIndex[requested[i]]).ToArray();
        var byClass = model
            .Classes.Select(
                (name, c) =>
                    (
                        name,
                        acc: hits.Where((_, i) => requested[i] == c).DefaultIfEmpty(false).Average(h => h ? 1.0 : 0.0)
                    )
            )
            .ToDictionary(x => x.name, x => x.acc);
        return new JudgeReport(
            JudgeSource.TrainedNow,
            0,
            realAcc,
            byClass.Values.Average(),
            byClass,
            share,
            false,
            realByClass
        );
    }
}
