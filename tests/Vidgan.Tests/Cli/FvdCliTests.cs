using Vidgan.Tests.Support;
using static Vidgan.Tests.Support.CliSteps;

namespace Vidgan.Tests.Cli;

[Trait(Suites.Name, Suites.Cli)]
public class FvdCliTests
{
    [Fact]
    public void EvaluateReportsTheStandardFvdWithAGivenI3dAndRefusesBadOnes()
    {
        using var temp = new TempDir();
        string dir = temp.Path;
        MakeShapes(dir, perClass: 3, classes: 2, frames: 32);
        Ok(CliRunner.Run(dir, "ingest", "data", "--size", "16", "--frames", "16", "--test-fraction", "0.5"));
        Ok(CliRunner.Run(dir, ["train", "--run", "run", "--steps", "2", .. TinyModel]));
        TorchScriptStandIn.Write(temp["i3d.pt"]);
        var evaluate = CliRunner.Run(
            dir,
            "evaluate",
            "--run",
            "run",
            "--samples",
            "16",
            "--judge-steps",
            "5",
            "--i3d",
            "i3d.pt",
            "--fvd-samples",
            "20",
            "--json",
            "e.json"
        );
        Ok(evaluate);
        Assert.Matches(
            @"standard FVD     \d+\.\d \(20 generated vs \d+ real test clips; I3D i3d\.pt, 16 frames at 224×224\); "
                + "real-vs-real floor",
            evaluate.Stdout
        );
        Assert.Contains("\"fvd\": {", File.ReadAllText(temp["e.json"]));

        var missing = CliRunner.Run(dir, "evaluate", "--run", "run", "--i3d", "nowhere.pt");
        Assert.True(
            missing.ExitCode == 2 && missing.Stderr.Contains("--i3d nowhere.pt does not exist"),
            missing.ToString()
        );
        TorchScriptStandIn.Write(temp["wrong.pt"], "torch.slice(torch.flatten(x, 1), 1, 0, 10)");
        var wrong = CliRunner.Run(
            dir,
            "evaluate",
            "--run",
            "run",
            "--samples",
            "16",
            "--judge-steps",
            "5",
            "--i3d",
            "wrong.pt",
            "--fvd-samples",
            "16"
        );
        Assert.True(wrong.ExitCode == 2 && wrong.Stderr.Contains("the standard I3D returns"), wrong.ToString());
        Assert.DoesNotContain("   at ", wrong.Stderr);
    }
}
