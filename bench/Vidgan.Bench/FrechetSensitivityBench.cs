using Vidgan.Data;
using Vidgan.Evaluation;
using Vidgan.Library;
using Vidgan.Models;
using Vidgan.Runs;
using static TorchSharp.torch;

namespace Vidgan.Bench;

/// <summary>What the in-domain Fréchet distance of `vidgan evaluate` responds to. Real held-out clips are edited in
/// known ways (the plain background made darker or lighter, every pixel scaled) and compared with the unedited half
/// as the floor is, in the same judge's principal components; and for each given run, the distance of its generated
/// clips to the real ones is split into its mean and covariance parts, with each class's mean shift, so a figure far
/// above the floor can be traced to a class or to one feature direction.</summary>
public static class FrechetSensitivityBench
{
    const int Splits = 20;

    public static void Run(BenchArgs a)
    {
        using var lib = VidganLibrary.Open(a.Get("--library", ""), create: false);
        int? size = a.Get<int?>("--size", null);
        var set = lib.Catalog.ClipSets().Last(s => size == null || s.Size == size);
        string[] runs = a.Get("--runs", "").Split(',', StringSplitOptions.RemoveEmptyEntries);
        int samples = a.Get("--samples", 486);
        using var train = TrainingSet.Load(lib, set, Split.Train, conditional: true);
        using var real = TrainingSet.Load(lib, set, Split.Test, conditional: true, train.ClassNames);
        var (judge, _) = Judge.LoadOrTrain(lib, train, CPU);
        using var judgeScope = judge;
        using var realClips = ClipTensors.FromBytes(real.Clips);
        // As many components as `evaluate` takes for this many held-out clips.
        int dimensions = Math.Clamp(real.Count / 2 / 4, 2, FrechetMetric.Dimensions);
        var basis = FrechetDistance.PrincipalBasis(
            judge.Apply(ClipTensors.FromBytes(train.Clips)).Features.to_type(ScalarType.Float64),
            dimensions
        );
        Tensor Project(Tensor clips) => judge.Apply(clips).Features.to_type(ScalarType.Float64).matmul(basis);
        var realP = Project(realClips);

        var report = a.Report(
            $"What the in-domain Fréchet distance responds to ({set.Size}×{set.Size}×{set.Frames} clips)",
            a.Get("--file", "frechet-sensitivity.md")
        );
        report.Line(
            $"The library's judge (as `vidgan evaluate` loads or trains it), {dimensions} principal "
                + $"components of its features of the {train.Count} training clips, {real.Count} real held-out "
                + $"clips. Each figure is a mean over {Splits} random splits of the held-out clips into halves: the "
                + "first half unedited against the second half edited (unedited, that is the floor)."
        );
        report.Line();
        float background = realClips.flatten().median().item<float>();
        using var plain = (realClips - background).abs().amax([1], keepdim: true).lt(0.04f).to_type(ScalarType.Float32);
        report.Line(
            $"The background: the clips' median value, {Level(background)}/255; {plain.mean().item<float>():P0} of "
                + "the pixels lie within 5 levels of it and are the ones a background edit moves."
        );
        report.Line();
        report.Line("| edit | in-domain FD | × floor |").Line("| --- | --- | --- |");
        double floor = Matched(realP, realP);
        report.Line($"| none (the floor) | {floor:0.00} | 1.00 |");
        foreach (int level in a.Get("--background-levels", "3,6,9,11,15,20").Split(',').Select(int.Parse))
        {
            var edited = realClips + plain * (level / 255f * 2 - 1 - background);
            double fd = Matched(realP, Project(edited));
            report.Line($"| background at {level}/255 | {fd:0.00} | {fd / floor:0.00} |");
        }
        foreach (double gain in new[] { 0.9, 0.95, 1.05 })
        {
            double fd = Matched(realP, Project(((realClips + 1) * (float)gain - 1).clamp(-1, 1)));
            report.Line($"| every pixel × {gain} | {fd:0.00} | {fd / floor:0.00} |");
        }
        if (runs.Length > 0)
            Decompose(report, lib, runs, samples, realP, real, Project);
        report.Save();
    }

    static int Level(float value) => (int)Math.Round((value + 1) / 2 * 255);

    /// <summary>For each run: FD of its EMA generator's clips (classes in turn, seeds 1…) to all real held-out clips,
    /// split into ‖μ_g − μ_r‖² and the covariance part, and each class's squared mean shift.</summary>
    static void Decompose(
        Report report,
        VidganLibrary lib,
        string[] runs,
        int samples,
        Tensor realP,
        TrainingSet real,
        Func<Tensor, Tensor> project
    )
    {
        var classNames = real.ClassNames;
        report.Line();
        report.Line(
            $"Generated clips ({samples} per run, the EMA generator, classes in turn) against all {real.Count} "
                + "real held-out clips: the Fréchet distance, its mean and covariance parts, and each class's "
                + "squared mean shift (generated class mean − real class mean) in the same components."
        );
        report.Line();
        report
            .Line($"| run | FD | mean part | covariance part | {string.Join(" | ", classNames)} |")
            .Line("|" + string.Concat(Enumerable.Repeat(" --- |", 4 + classNames.Count)));
        var (muR, covR) = FrechetDistance.Statistics(realP);
        foreach (string run in runs)
        {
            using var scope = NewDisposeScope();
            using var trained = TrainedModel.Open(new RunDirectory(run), null, CPU, lib.Catalog, lib.Cipher);
            var model = trained.Header.Config.Model;
            int[] classes = Enumerable.Range(0, samples).Select(i => i % model.NumClasses).ToArray();
            long[] seeds = Enumerable.Range(1, samples).Select(i => (long)i).ToArray();
            var genP = project(ClipSampler.Sample(trained.Models.GeneratorEma, model, CPU, seeds, classes));
            var (muG, covG) = FrechetDistance.Statistics(genP);
            double fd = FrechetDistance.FromStatistics(muG, covG, muR, covR);
            double meanPart = (muG - muR).pow(2).sum().item<double>();
            var shifts = Enumerable
                .Range(0, classNames.Count)
                .Select(c =>
                    ClassMean(genP, classes.Select(k => k == model.ClassIndex(classNames[c])).ToArray())
                    - ClassMean(realP, real.ClassIndices.Select(k => k == c).ToArray())
                )
                .Select(d => $"{d.pow(2).sum().item<double>():0.00}");
            report.Line(
                $"| {Path.GetFileName(run)} | {fd:0.00} | {meanPart:0.00} | {fd - meanPart:0.00} | "
                    + $"{string.Join(" | ", shifts)} |"
            );
        }
    }

    static Tensor ClassMean(Tensor features, bool[] member)
    {
        long[] rows = Enumerable.Range(0, member.Length).Where(i => member[i]).Select(i => (long)i).ToArray();
        return features.index_select(0, tensor(rows)).mean([0]);
    }

    /// <summary>The floor's protocol: over random splits, the first half of <paramref name="reference"/> against the
    /// second half of <paramref name="other"/> (the same clips, edited or not).</summary>
    static double Matched(Tensor reference, Tensor other)
    {
        long count = reference.shape[0],
            half = count / 2;
        double sum = 0;
        for (int s = 0; s < Splits; s++)
        {
            var order = randperm(count, generator: new Generator((ulong)(7 + 2 * s)));
            sum += FrechetDistance.Compute(
                reference.index_select(0, order.narrow(0, 0, half)),
                other.index_select(0, order.narrow(0, half, half))
            );
        }
        return sum / Splits;
    }
}
