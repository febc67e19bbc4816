using Vidgan.Tests.Support;

namespace Vidgan.Tests.Cli;

/// <summary>A full disk is an error of the machine: one line, exit 1, the run's last checkpoint untouched.</summary>
[Trait(Suites.Name, Suites.Cli)]
public class DiskFullCliTests
{
    [Fact]
    public void TrainingThatCannotWriteItsSampleGridStopsWithOneLineAndKeepsItsCheckpoint()
    {
        using var temp = new TempDir();
        CliSteps.IngestTinyShapes(temp);
        string[] every = ["--checkpoint-every", "1", "--sample-every", "1"];
        var good = CliRunner.Run(temp.Path, CliSteps.TinyDcganTrain, ["--steps", "1", .. every]);
        Assert.True(good.ExitCode == 0, good.ToString());
        string checkpoint = temp["r/checkpoints/step-00000001.vgck"];
        byte[] before = File.ReadAllBytes(checkpoint);

        // /dev/full answers every write with ENOSPC, as a full disk does.
        File.Delete(temp["r/samples/latest.png"]);
        File.CreateSymbolicLink(temp["r/samples/latest.png"], "/dev/full");
        var full = CliRunner.Run(temp.Path, "train", "--run", "r", "--resume", "--steps", "2");

        Assert.Equal(1, full.ExitCode);
        string error = full.Stderr.Trim();
        Assert.Single(error.Split('\n'));
        Assert.StartsWith("error: No space left on device", error);
        Assert.Contains("--resume", error);
        Assert.Equal(before, File.ReadAllBytes(checkpoint));
    }
}
