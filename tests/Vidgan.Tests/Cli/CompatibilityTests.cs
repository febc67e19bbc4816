using Vidgan.Models;
using Vidgan.Runs;
using Vidgan.Tests.Support;
using Vidgan.Util;

namespace Vidgan.Tests.Cli;

/// <summary>A library and a run written by Vidgan 750ed9a (settings stored as strings, before the typed settings and
/// the Runs folder) still work: listed, sampled, resumed.</summary>
[Trait(Suites.Name, Suites.Cli)]
public class CompatibilityTests
{
    [Fact]
    public void RunAndLibraryFromTheStringSettingsEraStillWork()
    {
        using var temp = new TempDir();
        OldRelease.CopyTo(temp.Path);
        var config = Json.Deserialize<TrainConfig>(File.ReadAllText(temp["run/config.json"]));
        Assert.Equal(
            (DiscriminatorKind.Resnet, Condition.Class, Objective.Gan),
            (config.Model.Discriminator, config.Model.Condition, config.Model.Objective)
        );
        Assert.Equal((GanLoss.Hinge, Precision.Fp32), (config.Loss, config.Precision));
        Assert.Null(config.PrecisionChoice);

        var list = CliRunner.Run(temp.Path, "library", "list", "--library", "library", "--source", "generated");
        Assert.True(list.ExitCode == 0, list.ToString());
        Assert.Equal(2, list.Stdout.Split('\n').Count(l => l.Contains(".mp4")));
        var generate = CliRunner.Run(temp.Path, [.. OldRelease.Generate(2, "new"), "--seed", "50"]);
        Assert.True(generate.ExitCode == 0, generate.ToString());
        Assert.Equal(2, Directory.GetFiles(temp["new"], "*.mp4").Length);
        var resume = CliRunner.Run(
            temp.Path,
            "train",
            "--library",
            "library",
            "--run",
            "run",
            "--resume",
            "--steps",
            "3"
        );
        Assert.True(resume.ExitCode == 0, resume.ToString());
        Assert.Contains("resumed from step-00000002.vgck at step 2", resume.Stdout);
        Assert.True(File.Exists(temp["run/checkpoints/step-00000003.vgck"]));
    }
}
