using Vidgan.Tests.Support;

namespace Vidgan.Tests.Cli;

/// <summary>`vidgan train --d-arch` and `--precision auto`: what a run is built with, recorded in its config.</summary>
public class DiscriminatorFlagTests
{
    [Fact]
    public void AutoPrecisionRecordsWhatTheProbeChoseAndSaysWhy()
    {
        using var temp = new TempDir();
        TinyData.Shapes(temp["data"], perClass: 2, classes: 2);
        Assert.Equal(0, CliRunner.Run(temp.Path, "ingest", "data", "--size", "16", "--frames", "8", "--test-fraction", "0").ExitCode);
        var r = CliRunner.Run(temp.Path, "train", "--run", "r", "--precision", "auto", "--steps", "1", "--batch", "2", "--g-width", "4", "--d-width", "4");
        Assert.True(r.ExitCode == 0, r.ToString());
        // The CLI measures in its own process; what it printed is what the run must record.
        var said = System.Text.RegularExpressions.Regex.Match(r.Stdout, @"precision: (fp32|bf16) \(bf16 convolutions ran (at )?[0-9.]+×");
        Assert.True(said.Success, r.Stdout);
        string expected = said.Groups[1].Value;
        Assert.Contains($"\"precision\": \"{expected}\"", File.ReadAllText(temp["r/config.json"]));

        // Asking for bf16 outright is obeyed, with a warning only where the probe finds it slower than float32.
        var bf16 = CliRunner.Run(temp.Path, "train", "--run", "b", "--precision", "bf16", "--steps", "1", "--batch", "2", "--g-width", "4", "--d-width", "4");
        Assert.True(bf16.ExitCode == 0, bf16.ToString());
        Assert.Contains("\"precision\": \"bf16\"", File.ReadAllText(temp["b/config.json"]));
        bool slower = Vidgan.Training.PrecisionProbe.For(TorchSharp.torch.CPU).Speedup < 1;
        Assert.Equal(slower, bf16.Stderr.Contains("warning: --precision bf16 is the slower choice"));
    }

    [Fact]
    public void ResnetGetsResidualDiscriminatorsUnlessToldOtherwise()
    {
        using var temp = new TempDir();
        TinyData.Shapes(temp["data"], perClass: 2, classes: 2);
        Assert.Equal(0, CliRunner.Run(temp.Path, "ingest", "data", "--size", "16", "--frames", "8", "--test-fraction", "0").ExitCode);
        string[] tiny = { "--steps", "1", "--batch", "2", "--g-width", "4", "--d-width", "4" };
        foreach (var (run, args, expected) in new[]
                 {
                     ("a", new[] { "--arch", "resnet" }, "resnet"),
                     ("b", new[] { "--arch", "resnet", "--d-arch", "conv" }, "conv"),
                     ("c", new[] { "--arch", "dcgan3d" }, "conv"),
                     ("d", new[] { "--arch", "dcgan3d", "--d-arch", "resnet" }, "resnet"),
                 })
        {
            var r = CliRunner.Run(temp.Path, new[] { "train", "--run", run }.Concat(args).Concat(tiny).ToArray());
            Assert.True(r.ExitCode == 0, r.ToString());
            Assert.Contains($"\"discriminator\": \"{expected}\"", File.ReadAllText(temp[$"{run}/config.json"]));
        }
        // The checkpoint rebuilds the discriminators it was written with: resuming and generating both work.
        Assert.Equal(0, CliRunner.Run(temp.Path, new[] { "train", "--run", "a", "--resume", "--steps", "2" }).ExitCode);
        Assert.Equal(0, CliRunner.Run(temp.Path, "generate", "--run", "a", "--count", "1", "--no-library", "--out", "clips").ExitCode);

        var bad = CliRunner.Run(temp.Path, new[] { "train", "--run", "e", "--d-arch", "vit" }.Concat(tiny).ToArray());
        Assert.Equal(2, bad.ExitCode);
        Assert.StartsWith("error: ", bad.Stderr);
        Assert.Contains("vit", bad.Stderr);
        Assert.False(Directory.Exists(temp["e"]));
    }
}
