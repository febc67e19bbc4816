using System.CommandLine;
using Vidgan.Cli.Output;
using Vidgan.Evaluation;
using Vidgan.Library;
using Vidgan.Util;

namespace Vidgan.Cli.Commands;

public static class EvaluateCommand
{
    public static Command Create()
    {
        var library = CommonOptions.Library();
        var run = new Option<string>("--run") { Description = "Run folder to evaluate", Required = true };
        var checkpoint = new Option<string?>("--checkpoint")
        {
            Description = "Checkpoint file (default: the run's latest)",
        };
        var split = new Option<string>("--split")
        {
            Description = "Real clips to compare against: test (held out) or train",
            DefaultValueFactory = _ => "test",
        };
        split.AcceptOnlyFromAmong(SettingNames.Names<Split>());
        var samples = CommonOptions.EvaluationSamples();
        var json = new Option<string?>("--json") { Description = "Also write the full report to this JSON file" };
        var judgeSteps = CommonOptions.JudgeSteps();
        var device = CommonOptions.Device();
        var i3d = new Option<string?>("--i3d")
        {
            Description =
                "Also compute the standard FVD with this I3D Kinetics-400 TorchScript file (224×224, 16 frames, "
                + "[-1, 1], 400 logits)",
        };
        var fvdSamples = new Option<int>("--fvd-samples")
        {
            Description = "Generated clips for the standard FVD",
            DefaultValueFactory = _ => 2048,
        };
        var weights = new Option<string>("--weights")
        {
            Description = "ema (the averaged generator, default) or raw (the last trained weights)",
            DefaultValueFactory = _ => "ema",
        };
        weights.AcceptOnlyFromAmong("ema", "raw");
        var command = new Command("evaluate", "Measure a trained run against held-out real clips")
        {
            library,
            run,
            checkpoint,
            split,
            samples,
            json,
            device,
            judgeSteps,
            i3d,
            fvdSamples,
            weights,
        };
        command.SetAction(r =>
            Execute(
                r.GetValue(library),
                r.GetValue(run)!,
                r.GetValue(checkpoint),
                r.GetValue(split)!,
                r.GetValue(samples),
                r.GetValue(json),
                r.GetValue(device)!,
                r.GetValue(judgeSteps),
                r.GetValue(i3d),
                r.GetValue(fvdSamples),
                r.GetValue(weights) == "ema"
            )
        );
        return command;
    }

    public static int Execute(
        string? libraryPath,
        string runDir,
        string? checkpoint,
        string split,
        int samples,
        string? json,
        string device,
        int judgeSteps = Judge.TrainSteps,
        string? i3d = null,
        int fvdSamples = 2048,
        bool useEma = true
    )
    {
        var dev = CommonOptions.ParseDevice(device);
        using var lib = VidganLibrary.Open(libraryPath, create: false);
        var report = new Evaluator(lib, dev).Run(
            new EvaluateOptions(
                runDir,
                checkpoint,
                SettingNames.Parse<Split>(split, "split"),
                samples,
                JudgeSteps: judgeSteps,
                I3dPath: i3d,
                FvdSamples: fvdSamples,
                UseEma: useEma
            ),
            Console.WriteLine
        );
        EvaluationOutput.Print(report);
        if (json != null)
        {
            AtomicFile.WriteAllText(json, Json.Serialize(report));
            Console.WriteLine($"report: {Path.GetFullPath(json)}");
        }
        return 0;
    }
}
