using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Vidgan.Library;
using Vidgan.Tests.Support;
using static Vidgan.Tests.Support.CliSteps;

namespace Vidgan.Tests.Cli;

/// <summary>Nothing lost in a crash: each command is killed with SIGKILL 20 times, at seeded random moments of a run
/// (as fractions of how long a whole run takes here, so nothing depends on this machine's speed). After every kill
/// `library check` passes; each next run re-runs the killed one; the last, uninterrupted run leaves everything
/// recorded exactly once and nothing missing.</summary>
[Trait(Suites.Name, Suites.Cli)]
public class CrashTests(Xunit.Abstractions.ITestOutputHelper output)
{
    const int Kills = 20;

    static string Library(TempDir temp) => temp["vidgan-library"];

    static TimeSpan Timed(TempDir temp, params string[] command)
    {
        var clock = Stopwatch.StartNew();
        Ok(CliRunner.Run(temp.Path, command));
        return clock.Elapsed;
    }

    /// <summary>Round after round: a fresh run of the command (<paramref name="command"/> gets the round's number)
    /// killed part-way, the library checked, the same command run again to its end and the result verified; until
    /// <see cref="Kills"/> runs were killed before they ended. Returns how many were.</summary>
    static int KillAndRerun(
        TempDir temp,
        int seed,
        TimeSpan whole,
        Func<int, string[]> command,
        Action<int, CliResult> verify,
        Action? fresh = null
    )
    {
        var rng = new Random(seed);
        int killed = 0;
        // Kill times are drawn within the shortest run seen to end by itself: a first run that paid for a cold start
        // would otherwise leave most kill times after later runs had ended.
        var span = whole;
        // Rounds go on until Kills runs were killed before they ended (a fast command sometimes ends first).
        for (int k = 0; killed < Kills && k < 4 * Kills; k++)
        {
            fresh?.Invoke();
            var clock = Stopwatch.StartNew();
            if (CliRunner.RunAndKill(temp.Path, span * rng.NextDouble(), command(k)))
                killed++;
            else if (clock.Elapsed < span)
                span = clock.Elapsed;
            if (File.Exists(Path.Combine(Library(temp), "catalog.db")))
                CheckPasses(temp);
            var rerun = CliRunner.Run(temp.Path, command(k));
            Ok(rerun);
            CheckPasses(temp);
            verify(k, rerun);
        }
        return killed;
    }

    static void CheckPasses(TempDir temp)
    {
        using var lib = VidganLibrary.Open(Library(temp), create: false);
        var report = LibraryCheck.Run(lib, repair: false);
        Assert.True(report.Passed, string.Join("\n", report.Problems));
    }

    static long Count(TempDir temp, string sql)
    {
        using var db = new SqliteConnection($"Data Source={Path.Combine(Library(temp), "catalog.db")};Pooling=False");
        db.Open();
        using var cmd = db.CreateCommand();
        cmd.CommandText = sql;
        return Convert.ToInt64(cmd.ExecuteScalar());
    }

    static int Execute(TempDir temp, string sql)
    {
        using var db = new SqliteConnection($"Data Source={Path.Combine(Library(temp), "catalog.db")};Pooling=False");
        db.Open();
        using var cmd = db.CreateCommand();
        cmd.CommandText = sql;
        return cmd.ExecuteNonQuery();
    }

    /// <summary>Each row of the query, its columns joined by spaces: what a failing assertion shows.</summary>
    static string Rows(TempDir temp, string sql)
    {
        using var db = new SqliteConnection($"Data Source={Path.Combine(Library(temp), "catalog.db")};Pooling=False");
        db.Open();
        using var cmd = db.CreateCommand();
        cmd.CommandText = sql;
        using var reader = cmd.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
            rows.Add(string.Join(' ', Enumerable.Range(0, reader.FieldCount).Select(reader.GetValue)));
        return string.Join('\n', rows);
    }

    static string? Scalar(TempDir temp, string sql)
    {
        using var db = new SqliteConnection($"Data Source={Path.Combine(Library(temp), "catalog.db")};Pooling=False");
        db.Open();
        using var cmd = db.CreateCommand();
        cmd.CommandText = sql;
        return cmd.ExecuteScalar() as string;
    }

    [Fact]
    public void IngestKilledAtRandomLeavesAWholeLibraryAndRecordsEachVideoOnce()
    {
        using var temp = new TempDir();
        MakeShapes(temp.Path, perClass: 3, classes: 2, frames: 16);
        var whole = Timed(temp, "ingest", "data", "--size", "16", "--frames", "8", "--library", "expected");
        long clips;
        using (var expected = VidganLibrary.Open(temp["expected"], create: false))
            clips = expected.Catalog.Count("clips");

        int killed = KillAndRerun(
            temp,
            1,
            whole,
            _ => ["ingest", "data", "--size", "16", "--frames", "8"],
            (_, _) =>
            {
                Assert.Equal(6, Count(temp, "SELECT COUNT(*) FROM assets"));
                Assert.Equal(6, Count(temp, "SELECT COUNT(DISTINCT sha256) FROM assets"));
                Assert.Equal(clips, Count(temp, "SELECT COUNT(*) FROM clips"));
                Assert.Equal(1, Count(temp, "SELECT COUNT(*) FROM clip_sets"));
            },
            // every round starts from no library, so every killed run has all of its work ahead of it
            fresh: () =>
            {
                if (Directory.Exists(Library(temp)))
                    Directory.Delete(Library(temp), recursive: true);
            }
        );

        output.WriteLine($"{killed} runs killed before they ended");
        Assert.Equal(Kills, killed);
    }

    [Fact]
    public void TrainingKilledAtRandomResumesToItsLastStepWithEveryCheckpointAsRecorded()
    {
        using var temp = new TempDir();
        MakeShapes(temp.Path, perClass: 2, classes: 2, frames: 16);
        Ok(CliRunner.Run(temp.Path, "ingest", "data", "--size", "16", "--frames", "8"));
        string[] Train(string run) =>
            ["train", "--run", run, "--steps", "6", "--checkpoint-every", "2", "--arch", "dcgan3d", .. TinyModel];
        var whole = Timed(temp, Train("timed"));

        int killed = KillAndRerun(
            temp,
            2,
            whole,
            k => [.. Train($"r{k}"), "--resume"],
            (k, _) =>
            {
                string last = Path.Combine(temp[$"r{k}"], "checkpoints", "step-00000006.vgck");
                Assert.True(File.Exists(last));
                Assert.Equal(1, Count(temp, $"SELECT COUNT(*) FROM runs WHERE run_dir LIKE '%/r{k}'"));
                Assert.Equal(
                    Vidgan.Util.Hashing.Sha256File(last),
                    Scalar(temp, $"SELECT sha256 FROM checkpoints WHERE path = '{Path.GetFullPath(last)}'")
                );
            }
        );

        Assert.Equal(
            Count(temp, "SELECT COUNT(*) FROM checkpoints"),
            Count(temp, "SELECT COUNT(DISTINCT path || sha256) FROM checkpoints")
        );
        output.WriteLine($"{killed} runs killed before they ended");
        Assert.Equal(Kills, killed);
    }

    [Fact]
    public void ACheckpointKilledBeforeItsCatalogRowIsRecordedWhenTheRunResumes()
    {
        using var temp = new TempDir();
        MakeShapes(temp.Path, perClass: 2, classes: 2, frames: 16);
        Ok(CliRunner.Run(temp.Path, "ingest", "data", "--size", "16", "--frames", "8"));
        string[] train = ["train", "--run", "r", "--steps", "2", "--checkpoint-every", "2", "--arch", "dcgan3d"];
        Ok(CliRunner.Run(temp.Path, train, TinyModel));
        string last = Path.GetFullPath(Path.Combine(temp["r"], "checkpoints", "step-00000002.vgck"));
        // what a SIGKILL between the checkpoint's rename and its catalog row leaves
        Assert.Equal(1, Execute(temp, $"DELETE FROM checkpoints WHERE path = '{last}'"));
        Assert.Null(Scalar(temp, $"SELECT sha256 FROM checkpoints WHERE path = '{last}'"));

        Ok(CliRunner.Run(temp.Path, [.. train, "--resume"], TinyModel));

        Assert.Equal(
            Vidgan.Util.Hashing.Sha256File(last),
            Scalar(temp, $"SELECT sha256 FROM checkpoints WHERE path = '{last}'")
        );
        CheckPasses(temp);
    }

    /// <summary>Whether the clip of <paramref name="seed"/>, printed as <paramref name="line"/> by a run that made
    /// it (a killed run may have recorded it under another file name), has a row of its own (1) or is the same clip
    /// as another asset, which the library stores once (0); fails if it has more than one row, or none and no other
    /// asset holds it.</summary>
    static int RecordedOnce(TempDir temp, int seed, string line, string why)
    {
        long own = Count(temp, $"SELECT COUNT(*) FROM assets WHERE source = 'generated' AND seed = {seed}");
        if (own == 1)
            return 1;
        var same = Regex.Match(line, @"the same clip as library asset (\d+); stored once");
        Assert.True(own == 0 && same.Success, $"seed {seed}: {why}");
        string other =
            $"SELECT COUNT(*) FROM assets WHERE id = {same.Groups[1].Value} AND (seed IS NULL OR seed <> {seed})";
        Assert.True(Count(temp, other) == 1, $"seed {seed}: {why}");
        return 0;
    }

    [Fact]
    public void GenerationKilledAtRandomRecordsEachClipOnceWhenRunAgain()
    {
        using var temp = new TempDir();
        MakeShapes(temp.Path, perClass: 2, classes: 2, frames: 16);
        Ok(CliRunner.Run(temp.Path, "ingest", "data", "--size", "32", "--frames", "16"));
        Ok(CliRunner.Run(temp.Path, ["train", "--run", "r", "--steps", "2", "--arch", "dcgan3d"], TinyModel));
        var whole = Timed(temp, "generate", "--run", "r", "--count", "8", "--out", "timed");
        long recorded = Count(temp, "SELECT COUNT(*) FROM assets WHERE source = 'generated'");

        int killed = KillAndRerun(
            temp,
            3,
            whole,
            k => ["generate", "--run", "r", "--count", "8", "--seed", $"{1000 + 10 * k}"],
            (k, rerun) =>
            {
                string seeds = $"seed BETWEEN {1000 + 10 * k} AND {1007 + 10 * k}";
                string rows = Rows(temp, $"SELECT id, seed, name, content_sha256 FROM assets WHERE {seeds}");
                string why = $"round {k}, assets of its seeds:\n{rows}\nthe re-run printed:\n{rerun}";
                var lines = rerun.Stdout.Split('\n').Where(l => l.Contains(".mp4 - ")).ToArray();
                Assert.True(lines.Length == 8, why);
                for (int i = 0; i < 8; i++)
                    recorded += RecordedOnce(temp, 1000 + 10 * k + i, lines[i], why);
                Assert.Equal(recorded, Count(temp, "SELECT COUNT(*) FROM assets WHERE source = 'generated'"));
            }
        );

        output.WriteLine($"{killed} runs killed before they ended");
        Assert.Equal(Kills, killed);
    }

    [Fact]
    public void ExportKilledAtRandomEndsWithEveryFileWholeAndNothingHalfWritten()
    {
        using var temp = new TempDir();
        MakeShapes(temp.Path, perClass: 4, classes: 2, frames: 16);
        Ok(CliRunner.Run(temp.Path, "ingest", "data", "--size", "16", "--frames", "8"));
        var whole = Timed(temp, "library", "export", "--out", "timed");

        var expected = Directory.GetFiles(temp["timed"]).Select(Path.GetFileName).Order().ToArray();
        Assert.Equal(8 + 2, expected.Length);

        int killed = KillAndRerun(
            temp,
            4,
            whole,
            k => ["library", "export", "--out", $"out{k}"],
            (k, _) =>
            {
                var exported = Directory.GetFiles(temp[$"out{k}"]).Select(Path.GetFileName).Order().ToArray();
                Assert.Equal(expected, exported);
                foreach (string name in expected.Where(n => n!.EndsWith(".mp4", StringComparison.Ordinal))!)
                    Assert.Equal(
                        File.ReadAllBytes(Path.Combine(temp["timed"], name)),
                        File.ReadAllBytes(Path.Combine(temp[$"out{k}"], name))
                    );
            }
        );

        output.WriteLine($"{killed} runs killed before they ended");
        Assert.Equal(Kills, killed);
    }
}
