using System.Text.Json.Nodes;
using Vidgan.Tests.Support;

namespace Vidgan.Tests.Cli;

/// <summary>A run that diverges stops with one line and a non-zero exit, writes nothing from the bad step, and
/// `--resume` continues from the last good checkpoint.</summary>
[Trait(Suites.Name, Suites.Cli)]
public class DivergenceTests
{
    [Fact]
    public void DivergedRunStopsKeepsTheLastGoodCheckpointAndResumes()
    {
        using var temp = new TempDir();
        CliSteps.IngestTinyShapes(temp);
        string[] every = ["--checkpoint-every", "1", "--sample-every", "1"];
        var good = CliRunner.Run(temp.Path, CliSteps.TinyDcganTrain, ["--steps", "2", .. every]);
        Assert.True(good.ExitCode == 0, good.ToString());
        string lastGood = temp["r/checkpoints/step-00000002.vgck"];
        byte[] checkpointBytes = File.ReadAllBytes(lastGood);
        byte[] samples = File.ReadAllBytes(temp["r/samples/latest.png"]);

        // An R1 weight beyond float32's range makes the next step's loss infinite (a resumed run takes its learning
        // rates from the optimizer state in the checkpoint, its loss weights from config.json).
        SetR1(temp["r/config.json"], 1e300);
        var diverged = CliRunner.Run(temp.Path, "train", "--run", "r", "--resume", "--steps", "4");
        Assert.Equal(1, diverged.ExitCode);
        var error = diverged.Stderr.Trim();
        Assert.Single(error.Split('\n'));
        Assert.StartsWith("error: training diverged at step 3: ", error);
        Assert.Contains("step-00000002.vgck", error);
        Assert.Contains("--resume", error);
        Assert.Equal(checkpointBytes, File.ReadAllBytes(lastGood));
        Assert.Equal(samples, File.ReadAllBytes(temp["r/samples/latest.png"]));
        Assert.False(File.Exists(temp["r/checkpoints/step-00000003.vgck"]));
        Assert.False(File.Exists(temp["r/samples/step-00000003.png"]));

        SetR1(temp["r/config.json"], 1);
        var resumed = CliRunner.Run(temp.Path, "train", "--run", "r", "--resume", "--steps", "4");
        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        Assert.Contains("resumed from step-00000002.vgck at step 2", resumed.Stdout);
        Assert.True(File.Exists(temp["r/checkpoints/step-00000004.vgck"]));
    }

    /// <summary>The general model in bf16 on ATen's AVX2 kernels (what an AMD EPYC dispatches to) and on the
    /// machine's own: its residual discriminator's 2-frame temporal convolution once made every loss NaN.</summary>
    [Theory]
    [InlineData("avx2")]
    [InlineData("default")]
    [InlineData(null)]
    public void ResnetTrainsFiniteInBf16OnEveryKernelSet(string? atenKernels)
    {
        using var temp = new TempDir();
        CliSteps.IngestTinyShapes(temp);
        var environment = atenKernels is null
            ? null
            : new Dictionary<string, string> { ["ATEN_CPU_CAPABILITY"] = atenKernels };
        var r = CliRunner.Run(
            temp.Path,
            environment,
            "train",
            "--run",
            "r",
            "--arch",
            "resnet",
            "--precision",
            "bf16",
            "--steps",
            "4",
            "--batch",
            "4",
            "--g-width",
            "4",
            "--d-width",
            "8",
            "--r1-every",
            "2"
        );
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.DoesNotContain("NaN", r.Stdout);
        Assert.True(File.Exists(temp["r/checkpoints/step-00000004.vgck"]));
    }

    static void SetR1(string configPath, double gamma)
    {
        var config = JsonNode.Parse(File.ReadAllText(configPath))!;
        config["r1_gamma"] = gamma;
        File.WriteAllText(configPath, config.ToJsonString());
    }
}
