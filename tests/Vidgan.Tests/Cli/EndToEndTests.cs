using System.Text.Json;
using System.Text.RegularExpressions;
using Vidgan.Tests.Support;
using static Vidgan.Tests.Support.CliSteps;

namespace Vidgan.Tests.Cli;

/// <summary>One CLI session on tiny data, run once for all the end-to-end tests: make data → ingest → train (with a
/// settings file) → resume → generate (twice, and an interpolation) → evaluate (twice) → browse, export, remove.
/// Each command's result is kept; every test checks one step, so one failure does not hide the rest.</summary>
public sealed class CliSession : IDisposable
{
    public CliSession()
    {
        string dir = Temp.Path;
        Make = Run(
            "make-data",
            "shapes",
            "--out",
            "data",
            "--per-class",
            "3",
            "--size",
            "32",
            "--frames",
            "16",
            "--classes",
            "2"
        );
        Ingest = Run("ingest", "data", "--size", "16", "--frames", "8", "--test-fraction", "0.3");
        File.WriteAllText(Temp["settings.yaml"], "loss: bce\nbatch: 8\nmodel:\n  generator_width: 8\n");
        string[] tiny =
        {
            "--batch",
            "4",
            "--d-width",
            "8",
            "--z-dim",
            "16",
            "--sample-every",
            "3",
            "--checkpoint-every",
            "3",
        };
        Train = Run([
            "train",
            "--run",
            "run",
            "--steps",
            "6",
            .. tiny,
            "--sprite-canvas",
            "2",
            "--config",
            "settings.yaml",
        ]);
        Resume = Run("train", "--run", "run", "--steps", "8", "--resume");
        Generate = Run("generate", "--run", "run", "--count", "3", "--seed", "11");
        Again = Run("generate", "--run", "run", "--count", "3", "--seed", "11", "--out", "again", "--no-library");
        Rounded = Run(
            ["generate", "--run", "run", "--count", "3", "--seed", "11", "--out", "bf16", "--no-library"],
            ["--precision", "bf16"]
        );
        Walk = Run(
            ["generate", "--run", "run", "--interpolate", "--steps", "3", "--seed", "1", "--seed-to", "2"],
            ["--class", "square", "--out", "walk", "--no-library"]
        );
        Evaluate = Run("evaluate", "--run", "run", "--samples", "16", "--judge-steps", "10", "--json", "eval.json");
        EvaluateAgain = Run("evaluate", "--run", "run", "--samples", "16", "--judge-steps", "10");
        List = Run("library", "list", "--source", "generated", "--json");
        Export = Run("library", "export", "--out", "export", "--source", "generated");
        RemovedId =
            List.ExitCode == 0 ? JsonDocument.Parse(List.Stdout).RootElement[0].GetProperty("id").GetInt64() : -1;
        Remove = Run("library", "remove", RemovedId.ToString());
        Show = Run("library", "show", RemovedId.ToString());
        Stats = Run("library", "stats");
    }

    public TempDir Temp { get; } = new();
    public CliResult Make { get; }
    public CliResult Ingest { get; }
    public CliResult Train { get; }
    public CliResult Resume { get; }
    public CliResult Generate { get; }
    public CliResult Again { get; }
    public CliResult Rounded { get; }
    public CliResult Walk { get; }
    public CliResult Evaluate { get; }
    public CliResult EvaluateAgain { get; }
    public CliResult List { get; }
    public CliResult Export { get; }
    public long RemovedId { get; }
    public CliResult Remove { get; }
    public CliResult Show { get; }
    public CliResult Stats { get; }

    CliResult Run(params string[] args) => CliRunner.Run(Temp.Path, args);

    CliResult Run(string[] first, string[] rest) => Run([.. first, .. rest]);

    public void Dispose() => Temp.Dispose();
}

[Trait(Suites.Name, Suites.Cli)]
public class EndToEndTests(CliSession s) : IClassFixture<CliSession>
{
    [Fact]
    public void MakeDataAndIngestFillTheDefaultLibrary()
    {
        Ok(s.Make);
        Assert.Equal(6, Directory.GetFiles(s.Temp["data"], "*.mp4").Length);
        Ok(s.Ingest);
        Assert.Contains("6 new videos", s.Ingest.Stdout);
        Assert.True(File.Exists(s.Temp["vidgan-library/catalog.db"]), "default library folder");
    }

    [Fact]
    public void TrainTakesTheFileUnderTheFlagsAndSaysWhichModelItChose()
    {
        Ok(s.Train);
        Assert.Contains("finished at step 6", s.Train.Stdout);
        // No --arch: one shape over a plain background in every clip, so the layered model is chosen, and said so.
        Assert.Contains("architecture: layered (100 % of", s.Train.Stdout);
        Assert.True(File.Exists(s.Temp["run/samples/latest.png"]));
        using var saved = JsonDocument.Parse(File.ReadAllText(s.Temp["run/config.json"]));
        Assert.Equal("bce", saved.RootElement.GetProperty("loss").GetString()); // from the file
        Assert.Equal(4, saved.RootElement.GetProperty("batch").GetInt32()); // the flag wins over the file
        var model = saved.RootElement.GetProperty("model");
        Assert.Equal(8, model.GetProperty("generator_width").GetInt32());
        // The automatic choice of layered brings a plain background with it; the sprite canvas is the flag's.
        Assert.True(model.GetProperty("plain_background").GetBoolean());
        Assert.Equal(2, model.GetProperty("sprite_canvas").GetInt32());
    }

    [Fact]
    public void ResumeContinuesFromTheLatestCheckpoint()
    {
        Ok(s.Resume);
        Assert.Contains("resumed from step-00000006.vgck at step 6", s.Resume.Stdout);
        Assert.Contains("finished at step 8", s.Resume.Stdout);
    }

    [Fact]
    public void GeneratedClipsAreScoredLabelledAndTheSameForTheSameSeed()
    {
        Ok(s.Generate);
        var lines = s.Generate.Stdout.Split('\n').Where(l => Regex.IsMatch(l, @"^\w+_\d+\.mp4 - [01]\.\d\d")).ToArray();
        Assert.True(lines.Length == 3, s.Generate.ToString());
        string clip = s.Temp["run/generated/circle_1.mp4"];
        var tags = Vidgan.Media.ProcessRunner.Run(
            "ffprobe",
            ["-v", "error", "-show_entries", "format_tags=comment", "-of", "default=nw=1:nk=1", clip],
            TimeSpan.FromSeconds(20)
        );
        string comment = System.Text.Encoding.UTF8.GetString(tags.Stdout);
        Assert.StartsWith("synthetic: generated by Vidgan (layered, checkpoint ", comment);
        Ok(s.Again);
        // Each file carries its own watermark mark and signature, so the same seed gives the same frames up to the
        // mark's small brightness changes, not the same bytes.
        var (first, _, _) = Vidgan.Trust.WatermarkReader.Luma(clip);
        var (again, _, _) = Vidgan.Trust.WatermarkReader.Luma(s.Temp["again/circle_1.mp4"]);
        Assert.Equal(first.Length, again.Length);
        double diff = first.Zip(again).Average(p => p.First.Zip(p.Second).Average(v => Math.Abs(v.First - v.Second)));
        Assert.InRange(diff, 0, 4);
        Assert.NotEqual(File.ReadAllBytes(clip), File.ReadAllBytes(s.Temp["again/circle_1.mp4"]));
    }

    [Fact]
    public void Bf16GenerationSaysSoAndDrawsTheSameClipsUpToRounding()
    {
        Ok(s.Rounded);
        Assert.Contains("sampled and scored in bf16: ", s.Rounded.Stdout);
        var (exact, _, _) = Vidgan.Trust.WatermarkReader.Luma(s.Temp["again/circle_1.mp4"]);
        var (rounded, _, _) = Vidgan.Trust.WatermarkReader.Luma(s.Temp["bf16/circle_1.mp4"]);
        Assert.Equal(exact.Length, rounded.Length);
        double diff = exact.Zip(rounded).Average(p => p.First.Zip(p.Second).Average(v => Math.Abs(v.First - v.Second)));
        Assert.InRange(diff, 0, 6);
    }

    [Fact]
    public void InterpolationWritesItsClipsAndAnOverview()
    {
        Ok(s.Walk);
        Assert.True(File.Exists(s.Temp["walk/interpolation_1_to_2_all.mp4"]));
        Assert.True(File.Exists(s.Temp["walk/interpolation_1_to_2_all.png"]));
        Assert.Equal(3, Directory.GetFiles(s.Temp["walk"], "square_*.mp4").Length);
    }

    [Fact]
    public void EvaluationReportsEveryFigureAndReusesItsJudge()
    {
        Ok(s.Evaluate);
        string[] figures =
        [
            "judge",
            "class accuracy",
            "in-domain FD",
            "real-vs-real floor",
            "judge-free FD",
            "PRDC",
            "near-copies",
            "D scores",
            "motion",
        ];
        foreach (string figure in figures)
            Assert.Contains(figure, s.Evaluate.Stdout);
        using var report = JsonDocument.Parse(File.ReadAllText(s.Temp["eval.json"]));
        var frechet = report.RootElement.GetProperty("frechet");
        Assert.Equal(16, frechet.GetProperty("generated_samples").GetInt32());
        Assert.Contains(frechet.GetProperty("generated_vs_real").GetDouble().ToString("0.00"), s.Evaluate.Stdout);
        double copies = frechet.GetProperty("train_vs_real_matched").GetDouble();
        Assert.Contains($"real training clips in their place score {copies:0.00}", s.Evaluate.Stdout);
        Assert.Contains("cached", s.EvaluateAgain.Stdout);
        var judgeFree = report.RootElement.GetProperty("frechet_random");
        Assert.True(judgeFree.GetProperty("real_vs_real_floor").GetDouble() > 0);
        Assert.Contains(
            $"judge-free FD    {judgeFree.GetProperty("generated_vs_real_matched").GetDouble():0.00}",
            s.Evaluate.Stdout
        );
        var judge = report.RootElement.GetProperty("judge");
        var realByClass = judge
            .GetProperty("real_accuracy_by_class")
            .EnumerateObject()
            .ToDictionary(p => p.Name, p => p.Value.GetDouble());
        Assert.Equal(["circle", "square"], realByClass.Keys.Order());
        // The overall share is the per-class shares weighted by clip counts, so it lies between them.
        Assert.InRange(
            judge.GetProperty("real_accuracy").GetDouble(),
            realByClass.Values.Min() - 1e-9,
            realByClass.Values.Max() + 1e-9
        );
        string judgeLine = s.Evaluate.Stdout.Split('\n').Single(l => l.TrimStart().StartsWith("judge "));
        Assert.Matches(@"accuracy on real test clips \S+ ?% \(circle \S+ ?%, square \S+ ?%\)", judgeLine);
        var motion = report.RootElement.GetProperty("motion");
        Assert.True(motion.GetProperty("real").GetDouble() > 0);
        Assert.Contains($"real test {motion.GetProperty("real").GetDouble():0.0000}", s.Evaluate.Stdout);
    }

    [Fact]
    public void TheLibraryRecordsEachGeneratedClipOnceWithItsProvenance()
    {
        Ok(s.List);
        using var json = JsonDocument.Parse(s.List.Stdout);
        var assets = json.RootElement.EnumerateArray().ToArray();
        // Byte-identical clips (likely from a barely trained generator) are stored once and reported as such.
        int distinctFiles = Directory
            .GetFiles(s.Temp["run/generated"])
            .Select(f => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(f))))
            .Distinct()
            .Count();
        Assert.Equal(distinctFiles, assets.Length);
        Assert.Equal(3 - distinctFiles, s.Generate.Stdout.Split('\n').Count(l => l.Contains("stored once")));
        Assert.All(assets, a => Assert.Equal("layered", a.GetProperty("model").GetString()));
        Assert.All(
            assets,
            a => Assert.Contains("synthetic", a.GetProperty("tags").EnumerateArray().Select(t => t.GetString()))
        );
        Assert.All(assets, a => Assert.Equal(64, a.GetProperty("checkpoint_sha256").GetString()!.Length));
        Assert.All(assets, a => Assert.Contains("\"weights\":\"ema\"", a.GetProperty("parameters").GetString()));
    }

    [Fact]
    public void ExportRemoveShowAndStatsWork()
    {
        Ok(s.Export);
        Assert.True(File.Exists(s.Temp["export/manifest.json"]) && File.Exists(s.Temp["export/manifest.csv"]));
        Ok(s.Remove);
        Assert.Equal(1, s.Show.ExitCode);
        Assert.Contains($"no asset {s.RemovedId}", s.Show.Stderr);
        Ok(s.Stats);
        Assert.Contains("1 training runs", s.Stats.Stdout);
    }
}
