using System.Text.Json;
using Vidgan.Tests.Support;

namespace Vidgan.Tests.Cli;

public class EndToEndTests
{
    [Fact]
    public void MakeDataIngestTrainGenerateAndBrowseTheLibrary()
    {
        using var temp = new TempDir();
        string dir = temp.Path;
        var make = CliRunner.Run(dir, "make-data", "shapes", "--out", "data", "--per-class", "3", "--size", "32", "--frames", "16", "--classes", "2");
        Assert.True(make.ExitCode == 0, make.ToString());
        Assert.Equal(6, Directory.GetFiles(temp["data"], "*.mp4").Length);

        var ingest = CliRunner.Run(dir, "ingest", "data", "--size", "16", "--frames", "8", "--test-fraction", "0.3");
        Assert.True(ingest.ExitCode == 0, ingest.ToString());
        Assert.Contains("6 new videos", ingest.Stdout);
        Assert.True(File.Exists(temp["vidgan-library/catalog.db"]), "default library folder");

        var train = CliRunner.Run(dir, "train", "--run", "run", "--steps", "6", "--batch", "4", "--g-width", "8", "--d-width", "8",
            "--z-dim", "16", "--sample-every", "3", "--checkpoint-every", "3");
        Assert.True(train.ExitCode == 0, train.ToString());
        Assert.Contains("finished at step 6", train.Stdout);
        Assert.True(File.Exists(temp["run/samples/latest.png"]));

        var resume = CliRunner.Run(dir, "train", "--run", "run", "--steps", "8", "--resume");
        Assert.True(resume.ExitCode == 0, resume.ToString());
        Assert.Contains("resumed from step-00000006.vgck at step 6", resume.Stdout);
        Assert.Contains("finished at step 8", resume.Stdout);

        var gen = CliRunner.Run(dir, "generate", "--run", "run", "--count", "3", "--seed", "11");
        Assert.True(gen.ExitCode == 0, gen.ToString());
        var lines = gen.Stdout.Split('\n').Where(l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^\w+_\d+\.mp4 - [01]\.\d\d")).ToArray();
        Assert.True(lines.Length == 3, gen.ToString());
        Assert.True(File.Exists(temp["run/generated/circle_1.mp4"]));

        var again = CliRunner.Run(dir, "generate", "--run", "run", "--count", "3", "--seed", "11", "--out", "again", "--no-library");
        Assert.Equal(File.ReadAllBytes(temp["run/generated/circle_1.mp4"]), File.ReadAllBytes(temp["again/circle_1.mp4"]));

        var walk = CliRunner.Run(dir, "generate", "--run", "run", "--interpolate", "--steps", "3", "--seed", "1", "--seed-to", "2", "--class", "square", "--out", "walk", "--no-library");
        Assert.True(walk.ExitCode == 0, walk.ToString());
        Assert.True(File.Exists(temp["walk/interpolation_1_to_2_all.mp4"]) && File.Exists(temp["walk/interpolation_1_to_2_all.png"]));
        Assert.Equal(3, Directory.GetFiles(temp["walk"], "square_*.mp4").Length);

        var evaluate = CliRunner.Run(dir, "evaluate", "--run", "run", "--samples", "16", "--judge-steps", "10", "--json", "eval.json");
        Assert.True(evaluate.ExitCode == 0, evaluate.ToString());
        foreach (string line in new[] { "judge", "class accuracy", "in-domain FD", "real-vs-real floor", "PRDC", "near-copies", "D scores" })
            Assert.Contains(line, evaluate.Stdout);
        using (var report = JsonDocument.Parse(File.ReadAllText(temp["eval.json"])))
        {
            Assert.Equal(16, report.RootElement.GetProperty("frechet").GetProperty("generated_samples").GetInt32());
            Assert.True(report.RootElement.GetProperty("frechet").GetProperty("generated_vs_real").GetDouble() >= 0);
        }
        Assert.Contains("cached", CliRunner.Run(dir, "evaluate", "--run", "run", "--samples", "16", "--judge-steps", "10").Stdout);

        var list = CliRunner.Run(dir, "library", "list", "--source", "generated", "--json");
        Assert.True(list.ExitCode == 0, list.ToString());
        using var json = JsonDocument.Parse(list.Stdout);
        var assets = json.RootElement.EnumerateArray().ToArray();
        // Byte-identical clips (likely from a barely trained generator) are stored once and reported as such.
        int distinctFiles = Directory.GetFiles(temp["run/generated"]).Select(f => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(f)))).Distinct().Count();
        Assert.Equal(distinctFiles, assets.Length);
        Assert.Equal(3 - distinctFiles, gen.Stdout.Split('\n').Count(l => l.Contains("stored once")));
        Assert.All(assets, a => Assert.Equal("dcgan3d", a.GetProperty("model").GetString()));
        Assert.All(assets, a => Assert.Contains("synthetic", a.GetProperty("tags").EnumerateArray().Select(t => t.GetString())));
        Assert.All(assets, a => Assert.Equal(64, a.GetProperty("checkpoint_sha256").GetString()!.Length));

        var export = CliRunner.Run(dir, "library", "export", "--out", "export", "--source", "generated");
        Assert.True(export.ExitCode == 0, export.ToString());
        Assert.True(File.Exists(temp["export/manifest.json"]) && File.Exists(temp["export/manifest.csv"]));

        long id = assets[0].GetProperty("id").GetInt64();
        var remove = CliRunner.Run(dir, "library", "remove", id.ToString());
        Assert.True(remove.ExitCode == 0, remove.ToString());
        var show = CliRunner.Run(dir, "library", "show", id.ToString());
        Assert.Equal(1, show.ExitCode);
        Assert.Contains($"no asset {id}", show.Stderr);

        var stats = CliRunner.Run(dir, "library", "stats");
        Assert.True(stats.ExitCode == 0, stats.ToString());
        Assert.Contains("1 training runs", stats.Stdout);
    }
}
