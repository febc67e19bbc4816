using Vidgan.Data;
using Vidgan.Library;
using Vidgan.Models;
using Vidgan.Runs;
using static TorchSharp.torch;

namespace Vidgan.Bench;

/// <summary>How fast and how large the one object of plain-background clips is: the real held-out clips against each
/// given run's generated ones (its averaged and its raw weights, classes in turn, seeds 1…). Speed is the object's
/// centroid step from frame to frame (<see cref="ObjectPaths"/>), over each third of the clip, as the share of steps
/// under 0.3 pixels and as percentiles of each clip's mean speed; size is the object's mean area per class.</summary>
public static class ObjectMotionBench
{
    static readonly double[] Percentiles = [0.1, 0.25, 0.5, 0.75, 0.9];

    public static void Run(BenchArgs a)
    {
        using var lib = VidganLibrary.Open(a.Get("--library", ""), create: false);
        var set = TrainingSet.SelectClipSet(lib, size: null, frames: null);
        string[] runs = a.Get("--runs", "").Split(',', StringSplitOptions.RemoveEmptyEntries);
        int samples = a.Get("--samples", 512);
        using var train = TrainingSet.Load(lib, set, Split.Train, conditional: true);
        using var real = TrainingSet.Load(lib, set, Split.Test, conditional: true, train.ClassNames);
        var names = train.ClassNames;
        var report = a.Report(
            $"Object speed and size ({set.Size}×{set.Size}×{set.Frames} clips)",
            a.Get("--file", "object-motion.md")
        );
        report.Line(
            $"{real.Count} real held-out clips; {samples} generated clips per run and weights. Speed in pixels per "
                + "frame; an object is the pixels more than 32 levels from the clip's background."
        );
        report.Line();
        report
            .Line(
                "| clips | weights | mean speed (first / middle / last third) | steps < 0.3 px | per-clip speed "
                    + $"p10 / p25 / p50 / p75 / p90 | {string.Join(" | ", names.Select(n => n + " area"))} |"
            )
            .Line("|" + string.Concat(Enumerable.Repeat(" --- |", 5 + names.Count)));
        using (var clips = ClipTensors.FromBytes(real.Clips))
            report.Line(Row("real held-out", "—", clips, real.ClassIndices.Select(c => (int)c).ToArray(), names));
        long[] seeds = Enumerable.Range(1, samples).Select(i => (long)i).ToArray();
        foreach (string run in runs)
        {
            using var trained = TrainedModel.Open(new RunDirectory(run), null, CPU, lib.Catalog, lib.Cipher);
            var model = trained.Header.Config.Model;
            int[] classes = Enumerable.Range(0, samples).Select(i => i % model.NumClasses).ToArray();
            var nameIndex = names.Select((name, i) => (name, i)).ToDictionary(p => p.name, p => p.i);
            int[] byName = classes.Select(c => nameIndex[model.Classes[c]]).ToArray();
            foreach (bool ema in new[] { true, false })
            {
                using var scope = NewDisposeScope();
                var generator = ema ? trained.Models.GeneratorEma : trained.Models.Generator;
                var clips = ClipSampler.Sample(generator, model, CPU, seeds, classes);
                report.Line(Row(Path.GetFileName(run), ema ? "EMA" : "raw", clips, byName, names));
            }
        }
        report.Save();
    }

    static string Row(string label, string weights, Tensor clips, int[] classes, IReadOnlyList<string> names)
    {
        using var scope = NewDisposeScope();
        var mask = ObjectPaths.Mask(clips);
        var paths = ObjectPaths.Centroids(mask);
        int n = paths.GetLength(0),
            frames = paths.GetLength(1);
        var thirds = new[] { new List<double>(), new List<double>(), new List<double>() };
        var clipMeans = new List<double>();
        for (int i = 0; i < n; i++)
        {
            var steps = new List<double>();
            for (int f = 1; f < frames; f++)
                if (paths[i, f] is { } b && paths[i, f - 1] is { } p)
                {
                    double v = Math.Sqrt((b.X - p.X) * (b.X - p.X) + (b.Y - p.Y) * (b.Y - p.Y));
                    thirds[Math.Min(2, 3 * (f - 1) / (frames - 1))].Add(v);
                    steps.Add(v);
                }
            if (steps.Count > 0)
                clipMeans.Add(steps.Average());
        }
        var all = thirds.SelectMany(t => t).ToArray();
        clipMeans.Sort();
        string Mean(List<double> v) => v.Count > 0 ? $"{v.Average():0.00}" : "—";
        string percentiles = string.Join(
            " / ",
            Percentiles.Select(q => $"{clipMeans[(int)Math.Round(q * (clipMeans.Count - 1))]:0.00}")
        );
        // Each clip's object area in pixels, averaged over its frames.
        var areas = mask.sum([2, 3]).mean([1]).data<float>().ToArray();
        var classAreas = names.Select(
            (_, c) =>
                classes.Contains(c)
                    ? $"{Enumerable.Range(0, n).Where(i => classes[i] == c).Average(i => areas[i]):0}"
                    : "—"
        );
        return $"| {label} | {weights} | {all.Average():0.00} ({string.Join(" / ", thirds.Select(Mean))}) | "
            + $"{all.Count(v => v < 0.3) / (double)all.Length:P0} | {percentiles} | {string.Join(" | ", classAreas)} |";
    }
}
