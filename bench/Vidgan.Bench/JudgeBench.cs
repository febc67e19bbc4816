using System.Diagnostics;
using Vidgan.Data;
using Vidgan.Evaluation;
using Vidgan.Library;
using Vidgan.Models;
using Vidgan.Training;
using static TorchSharp.torch;

namespace Vidgan.Bench;

/// <summary>How well judges trained in different ways recognise a library's real held-out clips, per class: the
/// evaluation's in-domain figures are only as good as the judge behind them. Each recipe is trained with each seed on
/// the library's labelled training clips and applied to its test clips (by default the last clip set
/// ingested).</summary>
public static class JudgeBench
{
    sealed record Recipe(string Name, string[] Augment, bool Balanced);

    static Recipe Parse(string text)
    {
        bool balanced = text.StartsWith("balanced");
        string ops = balanced ? text["balanced".Length..].TrimStart('+') : text;
        var augment = ops is "" or "none" ? [] : ops.Split(',');
        return new Recipe(text, augment, balanced);
    }

    public static void Run(BenchArgs a)
    {
        string libraryDir = a.Get("--library", "");
        int steps = a.Get("--steps", Judge.TrainSteps),
            batch = a.Get("--batch", Judge.TrainBatch);
        int[] seeds = a.Get("--seeds", "1,2").Split(',').Select(int.Parse).ToArray();
        var recipes = a.Get("--recipes", "none;translation;translation,cutout;color,translation;balanced+translation")
            .Split(';')
            .Select(Parse)
            .ToArray();
        int? size = a.Get<int?>("--size", null);
        using var lib = VidganLibrary.Open(libraryDir, create: false);
        var set = lib.Catalog.ClipSets().Last(s => size == null || s.Size == size);
        using var train = TrainingSet.Load(lib, set, Split.Train, conditional: true);
        using var test = TrainingSet.Load(lib, set, Split.Test, conditional: true, train.ClassNames);
        using var trainClips = ClipTensors.FromBytes(train.Clips);
        using var testClips = ClipTensors.FromBytes(test.Clips);

        var report = a.Report(
            $"Judges of real clips at {set.Size}×{set.Size}×{set.Frames}",
            a.Get("--file", "judge.md")
        );
        report.Line(
            $"{train.Count} training and {test.Count} held-out clips of {train.ClassNames.Count} classes; {steps} "
                + $"steps of batch {batch} per judge. Accuracy: the share of clips whose class the judge names; "
                + "balanced: the mean of the per-class accuracies."
        );
        report.Line();
        report
            .Line(
                "| recipe | seed | train accuracy | held-out accuracy | held-out, balanced | "
                    + string.Join(" | ", train.ClassNames)
                    + " | seconds |"
            )
            .Line("|" + string.Concat(Enumerable.Repeat(" --- |", 6 + train.ClassNames.Count)));
        foreach (var recipe in recipes)
        foreach (int seed in seeds)
        {
            var clock = Stopwatch.StartNew();
            Func<Tensor, Tensor>? augment =
                recipe.Augment.Length == 0 ? null : x => DiffAugment.Apply(x, recipe.Augment);
            using var judge = Judge.Train(train, CPU, seed, steps, batch, augment, balanced: recipe.Balanced);
            double seconds = clock.Elapsed.TotalSeconds;
            double trainAccuracy = Accuracy(judge, trainClips, train.ClassIndices).Overall;
            var (overall, byClass) = Accuracy(judge, testClips, test.ClassIndices);
            double balancedAccuracy = byClass.Where(double.IsFinite).Average();
            string row =
                $"| {recipe.Name} | {seed} | {trainAccuracy:P1} | {overall:P1} | {balancedAccuracy:P1} | "
                + string.Join(" | ", byClass.Select(x => double.IsFinite(x) ? $"{x:P0}" : "–"))
                + $" | {seconds:0} |";
            report.Line(row);
            Console.Error.WriteLine(row);
        }
        report.Save();
    }

    static (double Overall, double[] ByClass) Accuracy(Judge judge, Tensor clips, long[] classes)
    {
        var (features, probabilities) = judge.Apply(clips);
        using var _ = features;
        using var __ = probabilities;
        long[] predicted = probabilities.argmax(1).data<long>().ToArray();
        var hits = predicted.Zip(classes, (p, c) => p == c).ToArray();
        var byClass = Enumerable
            .Range(0, judge.Classes.Count)
            .Select(c => hits.Where((_, i) => classes[i] == c).ToArray())
            .Select(mine => mine.Length == 0 ? double.NaN : mine.Average(h => h ? 1.0 : 0.0))
            .ToArray();
        return (hits.Average(h => h ? 1.0 : 0.0), byClass);
    }
}
