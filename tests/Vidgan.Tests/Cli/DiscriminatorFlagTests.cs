using System.Text.RegularExpressions;
using Vidgan.Runs;
using Vidgan.Tests.Support;
using Vidgan.Util;

namespace Vidgan.Tests.Cli;

/// <summary>`vidgan train --d-arch` and `--precision auto`: what a run is built with, recorded in its config.</summary>
[Trait(Suites.Name, Suites.Cli)]
public class DiscriminatorFlagTests
{
    [Fact]
    public void AutoPrecisionRecordsWhatTheProbeChoseAndSaysWhy()
    {
        using var temp = new TempDir();
        TinyData.Shapes(temp["data"], perClass: 2, classes: 2);
        Assert.Equal(
            0,
            CliRunner.Run(temp.Path, "ingest", "data", "--size", "16", "--frames", "8", "--test-fraction", "0").ExitCode
        );
        var r = CliRunner.Run(
            temp.Path,
            "train",
            "--run",
            "r",
            "--precision",
            "auto",
            "--steps",
            "1",
            "--batch",
            "2",
            "--g-width",
            "4",
            "--d-width",
            "4"
        );
        Assert.True(r.ExitCode == 0, r.ToString());
        // What the CLI printed, what the run recorded and the rule that links them must agree; nothing is measured
        // again.
        var said = Regex.Match(r.Stdout, @"precision: (fp32|bf16) \((bf16 convolutions ran (at )?[0-9.]+×[^)]*)\)");
        Assert.True(said.Success, r.Stdout);
        var config = ReadConfig(temp["r/config.json"]);
        var choice = config.PrecisionChoice!;
        Assert.Equal(said.Groups[1].Value, SettingNames.Name(config.Precision));
        Assert.Equal(PrecisionMode.Auto, choice.Asked);
        Assert.Equal(said.Groups[2].Value, choice.Reason);
        Assert.Equal(
            choice.Bf16Speedup >= PrecisionProbe.MinSpeedup ? Precision.Bf16 : Precision.Fp32,
            config.Precision
        );

        // Asking for bf16 outright is obeyed, with a warning exactly where the recorded probe found it slower.
        var bf16 = CliRunner.Run(
            temp.Path,
            "train",
            "--run",
            "b",
            "--precision",
            "bf16",
            "--steps",
            "1",
            "--batch",
            "2",
            "--g-width",
            "4",
            "--d-width",
            "4"
        );
        Assert.True(bf16.ExitCode == 0, bf16.ToString());
        var recorded = ReadConfig(temp["b/config.json"]);
        Assert.Equal(Precision.Bf16, recorded.Precision);
        Assert.NotNull(recorded.PrecisionChoice!.Bf16Speedup);
        Assert.Equal(
            recorded.PrecisionChoice.Bf16Speedup < 1,
            bf16.Stderr.Contains("warning: precision bf16 is the slower choice")
        );

        var fp32 = CliRunner.Run(
            temp.Path,
            "train",
            "--run",
            "f",
            "--steps",
            "1",
            "--batch",
            "2",
            "--g-width",
            "4",
            "--d-width",
            "4"
        );
        Assert.True(fp32.ExitCode == 0, fp32.ToString());
        Assert.Equal(
            new PrecisionChoice(PrecisionMode.Fp32, null, "float32 was asked for"),
            ReadConfig(temp["f/config.json"]).PrecisionChoice
        );
    }

    static TrainConfig ReadConfig(string path) => Json.Deserialize<TrainConfig>(File.ReadAllText(path));

    [Fact]
    public void ResnetGetsResidualDiscriminatorsUnlessToldOtherwise()
    {
        using var temp = new TempDir();
        TinyData.Shapes(temp["data"], perClass: 2, classes: 2);
        Assert.Equal(
            0,
            CliRunner.Run(temp.Path, "ingest", "data", "--size", "16", "--frames", "8", "--test-fraction", "0").ExitCode
        );
        string[] tiny = { "--steps", "1", "--batch", "2", "--g-width", "4", "--d-width", "4" };
        foreach (
            var (run, args, expected) in new[]
            {
                ("a", new[] { "--arch", "resnet" }, "resnet"),
                ("b", new[] { "--arch", "resnet", "--d-arch", "conv" }, "conv"),
                ("c", new[] { "--arch", "dcgan3d" }, "conv"),
                ("d", new[] { "--arch", "dcgan3d", "--d-arch", "resnet" }, "resnet"),
            }
        )
        {
            var r = CliRunner.Run(temp.Path, new[] { "train", "--run", run }.Concat(args).Concat(tiny).ToArray());
            Assert.True(r.ExitCode == 0, r.ToString());
            Assert.Contains($"\"discriminator\": \"{expected}\"", File.ReadAllText(temp[$"{run}/config.json"]));
        }
        // The checkpoint rebuilds the discriminators it was written with: resuming and generating both work.
        Assert.Equal(0, CliRunner.Run(temp.Path, new[] { "train", "--run", "a", "--resume", "--steps", "2" }).ExitCode);
        Assert.Equal(
            0,
            CliRunner
                .Run(temp.Path, "generate", "--run", "a", "--count", "1", "--no-library", "--out", "clips")
                .ExitCode
        );

        var bad = CliRunner.Run(temp.Path, new[] { "train", "--run", "e", "--d-arch", "vit" }.Concat(tiny).ToArray());
        Assert.Equal(2, bad.ExitCode);
        Assert.StartsWith("error: ", bad.Stderr);
        Assert.Contains("vit", bad.Stderr);
        Assert.False(Directory.Exists(temp["e"]));
    }
}
