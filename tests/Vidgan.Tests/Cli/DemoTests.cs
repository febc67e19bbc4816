using System.Text.Json;
using System.Text.RegularExpressions;
using Vidgan.Tests.Support;
using Vidgan.Training;
using static Vidgan.Tests.Support.CliSteps;

namespace Vidgan.Tests.Cli;

/// <summary>The README's first command, `vidgan demo`, on a few steps of tiny clips, run twice in one folder: the
/// second run continues the first one's training.</summary>
public sealed class DemoSession : IDisposable
{
    public DemoSession()
    {
        First = Run("4");
        string generated = Temp["out/generated"];
        FirstClips = Directory.Exists(generated)
            ? Directory.GetFiles(generated, "*.mp4").Select(f => Path.GetFileName(f)).Order().ToArray()
            : [];
        FirstReport = File.Exists(Temp["out/evaluation.json"]) ? File.ReadAllText(Temp["out/evaluation.json"]) : "";
        FirstRunReport = File.Exists(Temp["out/run/evaluation.json"])
            ? File.ReadAllText(Temp["out/run/evaluation.json"])
            : "";
        Second = Run("6");
    }

    public TempDir Temp { get; } = new();
    public CliResult First { get; }

    /// <summary>What the first run left: its generated clips' names, its report and the run folder's copy.</summary>
    public string[] FirstClips { get; }
    public string FirstReport { get; }
    public string FirstRunReport { get; }
    public CliResult Second { get; }

    // The whole pipeline in one command, under the load of the parallel suite: a longer guard against hangs.
    CliResult Run(string steps) =>
        CliRunner.Run(
            Temp.Path,
            environment: null,
            TimeSpan.FromMinutes(10),
            [.. Tiny(steps), "--samples", "16", "--judge-steps", "10", "--out", "out", "--library", "lib"]
        );

    static string[] Tiny(string steps) =>
        [
            "demo",
            "--steps",
            steps,
            "--per-class",
            "3",
            "--size",
            "16",
            "--frames",
            "8",
            "--count",
            "2",
            "--precision",
            "fp32",
        ];

    public void Dispose() => Temp.Dispose();
}

[Trait(Suites.Name, Suites.Cli)]
public class DemoTests(DemoSession s) : IClassFixture<DemoSession>
{
    [Fact]
    public void DemoRunsEveryStageAndSaysWhereThingsAre()
    {
        Ok(s.First);
        string[] stages = ["making", "ingesting", "training", "generating", "evaluating", "done"];
        for (int i = 0; i < stages.Length; i++)
            Assert.Contains($"== {i + 1}/6 {stages[i]}", s.First.Stdout);
        foreach (string shape in new[] { "circle", "square", "triangle" })
            Assert.Matches($@"  {shape}: 3 videos, \d+ train / \d+ test clips", s.First.Stdout);
        Assert.Contains("finished at step 4", s.First.Stdout);
        Assert.Contains($"library:      {s.Temp["lib"]}", s.First.Stdout);
        Assert.Contains($"./vidgan serve --library {s.Temp["lib"]}", s.First.Stdout);
        // Where the time went, stage by stage.
        Assert.Matches(
            @"time: +shapes \d+:\d\d, ingest \d+:\d\d, training \d+:\d\d, generating \d+:\d\d, "
                + @"evaluating \d+:\d\d \(total \d+:\d\d\)",
            s.First.Stdout
        );
        Assert.True(File.Exists(s.Temp["out/run/samples/latest.png"]), s.First.ToString());
        // The demo's recipe for the layered model: faster learning rates than `train`'s defaults.
        using var config = JsonDocument.Parse(File.ReadAllText(s.Temp["out/run/config.json"]));
        Assert.Equal(DemoRecipe.LearningRate, config.RootElement.GetProperty("learning_rate_g").GetDouble());
        Assert.Equal(0, config.RootElement.GetProperty("beta1").GetDouble());
        Assert.Equal(DemoRecipe.R1Every, config.RootElement.GetProperty("r1_every").GetInt32());
        Assert.Equal(DemoRecipe.EmaRampup, config.RootElement.GetProperty("ema_rampup").GetDouble());
        Assert.True(config.RootElement.GetProperty("stratified_batches").GetBoolean());
        Assert.True(config.RootElement.GetProperty("model").GetProperty("plain_background").GetBoolean());
    }

    [Fact]
    public void DemoAddsTwoClipsPerClassToTheLibraryLabelledSynthetic()
    {
        Ok(s.First);
        var clips = s.FirstClips;
        Assert.Equal(6, clips.Length);
        foreach (string shape in new[] { "circle", "square", "triangle" })
            Assert.Equal(2, clips.Count(c => c.StartsWith(shape + "_")));
        Assert.Contains("6 of 6 clips kept", s.First.Stdout);
        var list = CliRunner.Run(s.Temp.Path, "library", "list", "--library", "lib", "--source", "generated", "--json");
        Ok(list);
        using var assets = JsonDocument.Parse(list.Stdout);
        Assert.True(assets.RootElement.GetArrayLength() >= 6, list.Stdout);
        var verify = CliRunner.Run(s.Temp.Path, "verify", "--library", "lib", Path.Combine("out/generated", clips[0]));
        Ok(verify);
        Assert.Contains("generated, intact", verify.Stdout);
        Assert.Contains("(this library's key)", verify.Stdout);
    }

    [Fact]
    public void DemoWritesItsEvaluationReportForTheRunsFinalCheckpoint()
    {
        Ok(s.First);
        Assert.Matches(@"class accuracy\s+\d", s.First.Stdout);
        Assert.Contains($"report: {s.Temp["out/evaluation.json"]}", s.First.Stdout);
        using var report = JsonDocument.Parse(s.FirstReport);
        Assert.EndsWith("step-00000004.vgck", report.RootElement.GetProperty("checkpoint").GetString());
        // The gallery's run page reads the run's own copy.
        Assert.Equal(s.FirstReport, s.FirstRunReport);
    }

    [Fact]
    public void ASecondDemoInTheSameFolderContinuesTheRun()
    {
        Ok(s.Second);
        Assert.Contains("already has checkpoints; continuing it", s.Second.Stdout);
        Assert.Matches(new Regex(@"resumed from step-00000004\.vgck at step 4"), s.Second.Stdout);
        Assert.Contains("finished at step 6", s.Second.Stdout);
        Assert.Contains("clips kept", s.Second.Stdout);
        Assert.Equal(12, Directory.GetFiles(s.Temp["out/generated"], "*.mp4").Length);
    }
}
