using System.Globalization;
using System.Text.RegularExpressions;
using Vidgan.Tests.Support;
using static Vidgan.Tests.Support.CliSteps;

namespace Vidgan.Tests.Cli;

/// <summary>`vidgan train` tells a user, while it trains, how far its clips are from held-out real ones.</summary>
[Trait(Suites.Name, Suites.Cli)]
public partial class QualityReadingTests
{
    [Fact]
    public void TrainingPrintsAReadingWhenDueAndOneAtTheEnd()
    {
        using var temp = new TempDir();
        MakeShapes(temp.Path, perClass: 3, classes: 2, frames: 16);
        Ok(
            CliRunner.Run(
                temp.Path,
                "ingest",
                "data",
                "--size",
                "16",
                "--frames",
                "8",
                "--stride",
                "2",
                "--test-fraction",
                "0.5"
            )
        );
        // an interval far below one step's time: a reading after every step, whatever this machine's speed
        var train = CliRunner.Run(
            temp.Path,
            ["train", "--run", "r", "--steps", "3", "--arch", "dcgan3d", "--quality-every", "0.000001"],
            TinyModel
        );
        Ok(train);

        var readings = Reading().Matches(train.Stdout).ToArray();
        Assert.Equal(["1", "2", "3"], readings.Select(m => m.Groups["step"].Value));
        double Number(Match m, string name) => double.Parse(m.Groups[name].Value, CultureInfo.InvariantCulture);
        Assert.All(readings, m => Assert.True(Number(m, "fd") >= 0 && Number(m, "floor") > 0, m.Value));
        // the floor compares held-out clips with each other: the same at every reading
        Assert.Single(readings.Select(m => m.Groups["floor"].Value).Distinct());
    }

    [Fact]
    public void WithoutHeldOutClipsTrainingSaysWhyThereAreNoReadings()
    {
        using var temp = new TempDir();
        MakeShapes(temp.Path, perClass: 2, classes: 2, frames: 16);
        Ok(CliRunner.Run(temp.Path, "ingest", "data", "--size", "16", "--frames", "8", "--test-fraction", "0"));
        var train = CliRunner.Run(temp.Path, ["train", "--run", "r", "--steps", "2", "--arch", "dcgan3d"], TinyModel);
        Ok(train);
        Assert.Contains("no quality readings: they need 8 held-out clips", train.Stdout);
        Assert.DoesNotContain("quality at step", train.Stdout);
    }

    [GeneratedRegex(
        @"quality at step (?<step>\d+) \([0-9:]+\): judge-free FD (?<fd>[0-9.E+-]+) to held-out clips "
            + @"\(real vs real (?<floor>[0-9.E+-]+);"
    )]
    private static partial Regex Reading();
}
