using Vidgan.Data;
using Vidgan.Evaluation;
using Vidgan.Library;
using Vidgan.Models;
using Vidgan.Runs;
using Vidgan.Training;
using Vidgan.Util;
using static TorchSharp.torch;

namespace Vidgan.Bench;

/// <summary>Trains each model on the demo's shapes for the same CPU time and evaluates it the way `vidgan evaluate`
/// does: the table behind the README's model comparison. Sample grids are copied to bench/results/models/.</summary>
public static class ModelsBench
{
    /// <summary>name → (architecture, objective, changes to the training defaults).</summary>
    static readonly Dictionary<string, (string Arch, string Objective, Func<TrainConfig, TrainConfig> Tweak)> Known =
        new()
        {
            ["dcgan3d"] = ("dcgan3d", "gan", c => c),
            ["resnet"] = ("resnet", "gan", c => c),
            ["mocogan"] = ("mocogan", "gan", c => c),
            ["layered"] = ("layered", "gan", c => c),
            ["vae"] = ("resnet", "vae", c => c),
            ["vae-gan"] = ("resnet", "vae-gan", c => c),
            // SAGAN/BigGAN's optimizer settings: two time-scale learning rates, no momentum.
            ["resnet-ttur"] = (
                "resnet",
                "gan",
                c => c with { LearningRateG = 1e-4, LearningRateD = 4e-4, Beta1 = 0, Beta2 = 0.9 }
            ),
            // The residual generator against the plain strided discriminators dcgan3d uses: what the residual D adds.
            ["resnet-conv-d"] = (
                "resnet",
                "gan",
                c => c with { Model = c.Model with { Discriminator = DiscriminatorKind.Conv } }
            ),
        };

    public static void Run(BenchArgs a)
    {
        double minutes = a.Get("--minutes", 6.0);
        var precision = PrecisionProbe.Resolve(
            SettingNames.Parse<PrecisionMode>(a.Get("--precision", "auto"), "--precision"),
            CPU
        );
        int seed = a.Get("--seed", 1);
        var names = a.Get("--models", "dcgan3d,resnet,resnet-ttur,mocogan,layered,vae,vae-gan").Split(',');
        string work = a.Get("--work", Directory.CreateTempSubdirectory("vidgan-bench-models-").FullName);
        string grids = Path.Combine(BenchArgs.Repo, "bench", "results", "models");
        Directory.CreateDirectory(grids);
        using var lib = BenchData.DemoShapes(work);
        var set = TrainingSet.SelectClipSet(lib, 32, 16);
        var rows = new List<string>();
        foreach (string name in names)
        {
            var (arch, objective, tweak) = Known.TryGetValue(name, out var k)
                ? k
                : throw new ArgumentException($"unknown model {name}: {string.Join(", ", Known.Keys)}");
            using var data = TrainingSet.Load(lib, set, Split.Train, conditional: true);
            var config = BenchData.Defaults(
                set,
                data.ClassNames,
                lib.Root,
                new ModelConfig
                {
                    Architecture = arch,
                    Objective = SettingNames.Parse<Objective>(objective, "objective"),
                }
            ) with
            {
                Precision = precision,
                Seed = seed,
            };
            config = tweak(config);
            var run = new RunDirectory(Path.Combine(work, "runs", name));
            if (Directory.Exists(run.Root))
                Directory.Delete(run.Root, recursive: true);
            var observer = new QuietObserver(name);
            long peakBefore = BenchArgs.Rss();
            var result = new Trainer(config, run, data, CPU, observer).Run(
                null,
                TimeSpan.FromMinutes(minutes),
                false,
                CancellationToken.None
            );
            long rss = BenchArgs.Rss();
            var e = new Evaluator(lib, CPU).Run(
                new EvaluateOptions(run.Root),
                m => Console.Error.WriteLine($"{name}: {m}")
            );
            if (result.SampleGrid != null)
                File.Copy(
                    result.SampleGrid,
                    Path.Combine(grids, $"{name}{(seed == 1 ? "" : $"-seed{seed}")}.png"),
                    overwrite: true
                );
            var (j, f, prdc) = (e.Get<JudgeReport>(), e.Get<FrechetReport>(), e.Get<PrdcResult>());
            rows.Add(
                $"| {name} | {arch}{(objective != "gan" ? $" ({objective})" : "")}"
                    + $"{(name == "resnet-ttur" ? ", lr G 1e-4 / D 4e-4, β (0, 0.9)" : "")} "
                    + $"| {config.Model.Discriminator} | {result.Step} | {observer.ClipsPerSecond:0.0} | "
                    + $"{rss / 1e6:0} MB | "
                    + $"**{j.GeneratedAccuracy:P1}** "
                    + $"({string.Join(", ", j.GeneratedAccuracyByClass!.Select(kv => $"{kv.Key} {kv.Value:P0}"))}) | "
                    + $"{f.GeneratedVsRealMatched:0.0} (floor {f.RealVsRealFloor:0.0}) | "
                    + $"{prdc.Precision:0.00} / {prdc.Recall:0.00} | "
                    + $"{e.Get<MemorizationReport>().NearCopies} | "
                    + $"[grid](models/{name}{(seed == 1 ? "" : $"-seed{seed}")}.png) |"
            );
            Console.Error.WriteLine(rows[^1]);
        }
        var report = a.Report("Models on the same data and CPU budget", "models.md");
        report.Line(
            "Each model trains on the demo's data (procedural shapes: circle, square, triangle; 30 videos each, "
                + "32×32×16 clips, stride 4) "
                + $"for **{minutes:0.#} minutes** of this machine's 2 cores ({precision}), training seed {seed}, "
                + "with `vidgan train`'s defaults otherwise, "
                + "then is measured as `vidgan evaluate` does (512 generated clips against the held-out test "
                + "clips; the judge is a "
                + "3D CNN trained on the real training clips, 100% accurate on the real test clips). The memory "
                + "figure is the process RSS after training. "
                + $"Precision probe on this machine: {PrecisionProbe.For(CPU).Reason}."
        );
        report.Line();
        report.Line(
            "| model | generator | discriminators | steps | clips/s | RSS | judge class accuracy (balanced) | "
                + "in-domain FD, matched | precision / recall | near-copies | samples |"
        );
        report.Line("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        foreach (var row in rows)
            report.Line(row);
        report.Save();
    }
}
