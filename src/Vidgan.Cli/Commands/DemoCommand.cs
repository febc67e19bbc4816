using System.CommandLine;
using System.Diagnostics;
using Vidgan.Cli.Output;
using Vidgan.Data;
using Vidgan.Evaluation;
using Vidgan.Generation;
using Vidgan.Library;
using Vidgan.Media;
using Vidgan.Runs;
using Vidgan.Training;
using Vidgan.Util;

namespace Vidgan.Cli.Commands;

/// <summary>The whole path on procedural data: make shapes → ingest → train → generate → evaluate, each through the
/// core's services, then where things are.</summary>
public static class DemoCommand
{
    public static Command Create()
    {
        var library = CommonOptions.Library();
        var outDir = new Option<string>("--out")
        {
            Description = "Folder for the demo's videos, run and generated clips",
            DefaultValueFactory = _ => "demo-output",
        };
        // A step budget, not a time budget, so that the demo's result does not depend on the machine's speed.
        var steps = new Option<long?>("--steps")
        {
            Description =
                $"Training steps (default {DemoRecipe.Steps:N0} for layered, {DemoRecipe.OtherArchitectureSteps:N0} "
                + "for other architectures)",
        };
        var minutes = new Option<double?>("--minutes")
        {
            Description = "Train for this many minutes instead of a number of steps",
        };
        var perClass = new Option<int>("--per-class")
        {
            Description = "Procedural videos per shape class",
            DefaultValueFactory = _ => 30,
        };
        var size = new Option<int>("--size") { Description = "Clip size in pixels", DefaultValueFactory = _ => 32 };
        var frames = new Option<int>("--frames") { Description = "Frames per clip", DefaultValueFactory = _ => 16 };
        var count = new Option<int>("--count")
        {
            Description = "Generated clips per class",
            DefaultValueFactory = _ => 4,
        };
        var seed = new Option<int>("--seed")
        {
            Description = "Seed for data, training and generation",
            DefaultValueFactory = _ => 1,
        };
        var samples = CommonOptions.EvaluationSamples();
        var judgeSteps = CommonOptions.JudgeSteps();
        var device = CommonOptions.Device();
        // The shapes are one object moving over a plain background: what the layered generator is built for.
        var arch = new Option<string>("--arch")
        {
            Description =
                "Architecture to train (default layered: one moving object on a plain background, as the demo's "
                + "shapes are)",
            DefaultValueFactory = _ => DemoRecipe.Architecture,
        };
        var precision = new Option<string>("--precision")
        {
            Description = "auto (default: bf16 where this machine runs it faster, else fp32), fp32 or bf16",
            DefaultValueFactory = _ => "auto",
        };
        precision.AcceptOnlyFromAmong(SettingNames.Names<PrecisionMode>());
        var command = new Command(
            "demo",
            "Run the whole pipeline on procedural shapes: data → ingest → train → generate → library → evaluation"
        )
        {
            library,
            outDir,
            minutes,
            steps,
            perClass,
            size,
            frames,
            count,
            seed,
            samples,
            judgeSteps,
            device,
            arch,
            precision,
        };
        command.SetAction(r =>
        {
            string root = Path.GetFullPath(r.GetValue(outDir)!);
            string data = Path.Combine(root, "shapes"),
                runDir = Path.Combine(root, "run"),
                clips = Path.Combine(root, "generated");
            string libPath = VidganLibrary.ResolvePath(r.GetValue(library));
            int seedValue = r.GetValue(seed);
            var dev = CommonOptions.ParseDevice(r.GetValue(device)!);
            var evaluateOptions = new EvaluateOptions(
                runDir,
                Samples: r.GetValue(samples),
                JudgeSteps: r.GetValue(judgeSteps)
            );
            evaluateOptions.Validate();
            using var lib = VidganLibrary.Open(libPath, create: true);
            var stages = new StageClock();

            stages.Start(1, "making procedural shape videos", "shapes");
            var videos = ShapesDataset.Write(data, new ShapesDataset.Options(r.GetValue(perClass), Seed: seedValue));
            Console.WriteLine($"{videos.Count} videos in {data}");

            stages.Start(2, "ingesting", "ingest");
            var report = new Ingestor(
                lib,
                new IngestOptions(Size: r.GetValue(size), Frames: r.GetValue(frames), Stride: 4)
            ).Run(data);
            foreach (var c in report.Classes)
                Console.WriteLine($"  {c.Class}: {c.Videos} videos, {c.TrainClips} train / {c.TestClips} test clips");
            if (report.Skipped.Count > 0)
                Console.WriteLine($"  {report.Skipped.Count} skipped");

            stages.Start(3, "training", "training");
            bool resume = new RunDirectory(runDir).Checkpoints().Count > 0;
            if (resume)
                Console.WriteLine($"{runDir} already has checkpoints; continuing it");
            string architecture = r.GetValue(arch)!;
            var settings = DemoRecipe.Settings(architecture, seedValue, r.GetValue(precision)!);
            var request = new TrainRequest
            {
                RunDir = runDir,
                Resume = resume,
                Size = r.GetValue(size),
                Frames = r.GetValue(frames),
                Settings = settings,
            };
            double? budgetMinutes = r.GetValue(minutes);
            var budget = budgetMinutes is not null
                ? TrainBudget.Of(null, budgetMinutes)
                : TrainBudget.Of(r.GetValue(steps) ?? DemoRecipe.StepsFor(architecture), null);
            int classes;
            using (var prepared = RunSetup.Prepare(lib, request, dev))
            {
                int trained = TrainingOutput.Run(lib, prepared, budget, resume, dev);
                if (trained != 0)
                    return trained;
                classes = Math.Max(1, prepared.Config.Model.NumClasses);
            }

            stages.Start(4, "generating", "generating");
            var generated = new GenerationService(lib, dev).Run(
                new GenerateOptions
                {
                    RunDir = runDir,
                    Count = r.GetValue(count) * classes,
                    Seed = seedValue * 1000L,
                    Format = VideoFormat.Mp4,
                    OutDir = clips,
                }
            );
            GenerationOutput.Print(generated, lib.Root);

            stages.Start(5, "evaluating", "evaluating");
            var evaluation = new Evaluator(lib, dev).Run(evaluateOptions, Console.WriteLine);
            EvaluationOutput.Print(evaluation);
            string json = Path.Combine(root, "evaluation.json");
            AtomicFile.WriteAllText(json, Json.Serialize(evaluation));
            // The gallery's run page shows the run's own copy.
            AtomicFile.WriteAllText(new RunDirectory(runDir).EvaluationPath, Json.Serialize(evaluation));
            Console.WriteLine($"report: {json}");

            stages.Start(6, "done", "");
            Console.WriteLine($"time:         {stages.Summary()}");
            Console.WriteLine($"library:      {libPath}   (vidgan library list --library {libPath})");
            Console.WriteLine($"sample grid:  {Path.Combine(runDir, "samples", "latest.png")}");
            Console.WriteLine($"sample video: {Path.Combine(runDir, "samples", "latest.mp4")}");
            Console.WriteLine($"clips:        {clips}");
            Console.WriteLine(
                $"gallery:      ./vidgan serve --library {libPath}   (then open {Web.ServeOptions.DefaultUrls}/)"
            );
            return 0;
        });
        return command;
    }

    /// <summary>Prints each stage's header and keeps how long each took, so a slow demo says where its time
    /// went.</summary>
    sealed class StageClock
    {
        readonly List<(string Name, TimeSpan Took)> done = [];
        readonly Stopwatch clock = new();
        string? current;

        public void Start(int n, string header, string label)
        {
            if (current != null)
                done.Add((current, clock.Elapsed));
            current = label;
            clock.Restart();
            Console.WriteLine($"\n== {n}/6 {header}");
        }

        public string Summary() =>
            string.Join(", ", done.Select(s => $"{s.Name} {s.Took:m\\:ss}"))
            + $" (total {TimeSpan.FromTicks(done.Sum(s => s.Took.Ticks)):m\\:ss})";
    }
}
