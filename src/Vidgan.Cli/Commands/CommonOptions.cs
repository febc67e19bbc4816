using System.CommandLine;
using TorchSharp;
using Vidgan.Evaluation;
using Vidgan.Library;
using Vidgan.Runs;
using Vidgan.Util;

namespace Vidgan.Cli.Commands;

public static class CommonOptions
{
    /// <summary>An option whose values are the setting names of <typeparamref name="T"/>'s members.</summary>
    public static Option<string> Choice<T>(string name, string description)
        where T : struct, Enum
    {
        var option = new Option<string>(name) { Description = description };
        option.AcceptOnlyFromAmong(SettingNames.Names<T>());
        return option;
    }

    public static Option<string?> Library() =>
        new("--library")
        {
            Description =
                $"Library folder (default: ${VidganLibrary.EnvironmentVariable}, else ./{VidganLibrary.DefaultFolder})",
        };

    public static Option<string> Device() =>
        new("--device") { Description = "Compute device: cpu or cuda", DefaultValueFactory = _ => "cpu" };

    /// <summary>How many generated clips an evaluation measures (evaluate, demo).</summary>
    public static Option<int> EvaluationSamples() =>
        new("--samples") { Description = "Generated clips to measure", DefaultValueFactory = _ => 512 };

    public static Option<int> JudgeSteps() =>
        new("--judge-steps")
        {
            Description = "Training steps of the judge classifier (cached per clip set and step count)",
            DefaultValueFactory = _ => Judge.TrainSteps,
        };

    public static torch.Device ParseDevice(string name) => Devices.Parse(name);
}
