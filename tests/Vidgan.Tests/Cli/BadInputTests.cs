using Vidgan.Tests.Support;

namespace Vidgan.Tests.Cli;

/// <summary>Every bad input ends with one "error:" line on stderr, a non-zero exit code and no stack trace.</summary>
[Trait(Suites.Name, Suites.Cli)]
public class BadInputTests
{
    static void AssertError(CliResult r, int exitCode, string message)
    {
        Assert.True(r.ExitCode == exitCode, r.ToString());
        Assert.Contains(message, r.Stderr);
        Assert.StartsWith("error: ", r.Stderr);
        Assert.DoesNotContain("   at ", r.Stderr);
    }

    [Fact]
    public void UnknownFlagAndBadValuesAreUsageErrors()
    {
        using var temp = new TempDir();
        AssertError(CliRunner.Run(temp.Path, "train", "--run", "r", "--bogus"), 2, "--bogus");
        AssertError(CliRunner.Run(temp.Path, "ingest", "x", "--label-from", "filename"), 2, "filename");
        AssertError(
            CliRunner.Run(temp.Path, "train", "--run", "r", "--steps", "many"),
            2,
            "error: --steps must be a whole number, not 'many'\n"
        );
        AssertError(CliRunner.Run(temp.Path, "train", "--run", "r", "--lr-g", "fast"), 2, "--lr-g must be a number");
        AssertError(
            CliRunner.Run(temp.Path, "generate", "--run", "r", "--count", "99999999999"),
            2,
            "--count 99999999999 is too large: at most 2147483647"
        );
        AssertError(CliRunner.Run(temp.Path, "library", "show", "abc"), 2, "<ID> must be a whole number, not 'abc'");
        AssertError(
            CliRunner.Run(temp.Path, "generate", "--run", "r", "--format", "xyz"),
            2,
            "error: --format must be one of mp4, gif, webm, png, not 'xyz'\n"
        );
        AssertError(CliRunner.Run(temp.Path, "train", "--run", "r", "--steps", "0"), 2, "--steps must be positive");
        AssertError(
            CliRunner.Run(temp.Path, "train", "--run", "r", "--minutes", "-1"),
            2,
            "--minutes must be positive"
        );
        AssertError(
            CliRunner.Run(temp.Path, "train", "--run", "r", "--minutes", "1e300"),
            2,
            "--minutes must be positive and at most 525600 (a year)"
        );
        AssertError(CliRunner.Run(temp.Path, "generate"), 2, "--run");
        AssertError(CliRunner.Run(temp.Path, "make-data", "shapes", "--out", "d", "--classes", "12"), 2, "--classes");
    }

    [Fact]
    public void MissingOrEmptyFoldersAndLibraries()
    {
        using var temp = new TempDir();
        Directory.CreateDirectory(temp["empty"]);
        AssertError(CliRunner.Run(temp.Path, "ingest", "nowhere"), 1, "folder nowhere does not exist");
        AssertError(CliRunner.Run(temp.Path, "ingest", "empty"), 1, "no files found in empty");
        AssertError(CliRunner.Run(temp.Path, "library", "list", "--library", "nolib"), 1, "no library at");
        AssertError(CliRunner.Run(temp.Path, "train", "--run", "r", "--library", "nolib"), 1, "no library at");
        Assert.False(Directory.Exists(temp["nolib"]));
    }

    [Fact]
    public void IngestWarnsOfAClassWhoseOneVideoCannotServeBothSplits()
    {
        using var temp = new TempDir();
        CliSteps.MakeShapes(temp.Path, perClass: 1, classes: 1);
        File.WriteAllText(temp["data/notes.txt"], "not a video, and no class in its name");
        // One video lands wholly on one side of any split, so whichever its hash picks, the other side is empty.
        var r = CliRunner.Run(temp.Path, "ingest", "data", "--size", "16", "--frames", "8", "--test-fraction", "0.5");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Matches(
            @"^warning: class circle has no (training clips: its one video is held out for testing, so no model can "
                + @"learn it \(add videos of it, or lower|held-out clips: its one video is used for training, so "
                + @"evaluate cannot measure it \(add videos of it, or raise) --test-fraction\)$",
            r.Stderr.Trim()
        );
        Assert.Contains(
            "notes.txt: no class in the file name (expected <class>_<n>.<ext>, or use --label-from",
            r.Stdout
        );
    }

    [Fact]
    public void OutputFoldersThatCannotBeMadeAreNamed()
    {
        using var temp = new TempDir();
        File.WriteAllText(temp["file"], "a file, so no folder can be made inside it");
        AssertError(
            CliRunner.Run(temp.Path, "make-data", "shapes", "--out", "file/data", "--per-class", "1"),
            1,
            "cannot create folder file/data"
        );
        AssertError(CliRunner.Run(temp.Path, "demo", "--out", "file/demo"), 1, "cannot create folder");
        Assert.Equal(0, CliRunner.Run(temp.Path, "make-data", "shapes", "--out", "data", "--per-class", "1").ExitCode);
        AssertError(
            CliRunner.Run(temp.Path, "ingest", "data", "--library", "file/lib"),
            1,
            "cannot create folder " + temp["file/lib"]
        );
        Assert.Equal("a file, so no folder can be made inside it", File.ReadAllText(temp["file"]));
    }

    [Fact]
    public void FolderOfOnlyBadVideosSaysWhyForEachFile()
    {
        using var temp = new TempDir();
        Directory.CreateDirectory(temp["bad"]);
        File.WriteAllBytes(temp["bad/a_1.mp4"], Array.Empty<byte>());
        File.WriteAllText(temp["bad/a_2.mp4"], "not video");
        File.WriteAllText(temp["bad/a_3\nodd.mp4"], "not video either");
        var r = CliRunner.Run(temp.Path, "ingest", "bad");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("a_1.mp4: empty file (0 bytes)", r.Stdout);
        Assert.Contains("a_2.mp4: not a readable video", r.Stdout);
        // A newline in a name is shown as an escape, so that each file keeps its one line.
        Assert.Contains("a_3\\nodd.mp4: not a readable video", r.Stdout);
        Assert.Contains("error: no usable videos", r.Stderr);
    }

    [Fact]
    public void WrongCheckpointsAndRuns()
    {
        using var temp = new TempDir();
        File.WriteAllText(temp["fake.vgck"], "garbage");
        Directory.CreateDirectory(temp["run"]);
        AssertError(
            CliRunner.Run(temp.Path, "generate", "--run", "run", "--checkpoint", "fake.vgck", "--no-library"),
            1,
            "is not a Vidgan checkpoint"
        );
        AssertError(CliRunner.Run(temp.Path, "generate", "--run", "run", "--no-library"), 1, "has no checkpoints yet");
        AssertError(CliRunner.Run(temp.Path, "generate", "--run", "missing", "--no-library"), 1, "does not exist");
    }

    [Fact]
    public void EvaluateWithoutATestSplitOrRunIsAClearError()
    {
        using var temp = new TempDir();
        TinyData.Shapes(temp["data"], perClass: 2, classes: 2);
        Assert.Equal(
            0,
            CliRunner.Run(temp.Path, "ingest", "data", "--size", "16", "--frames", "8", "--test-fraction", "0").ExitCode
        );
        Assert.Equal(
            0,
            CliRunner
                .Run(
                    temp.Path,
                    "train",
                    "--run",
                    "run",
                    "--steps",
                    "2",
                    "--batch",
                    "2",
                    "--g-width",
                    "4",
                    "--d-width",
                    "4"
                )
                .ExitCode
        );
        AssertError(CliRunner.Run(temp.Path, "evaluate", "--run", "run"), 1, "no test clips");
        AssertError(CliRunner.Run(temp.Path, "evaluate", "--run", "nowhere"), 1, "does not exist");
        AssertError(CliRunner.Run(temp.Path, "evaluate", "--run", "run", "--samples", "3"), 2, "--samples");
        AssertError(
            CliRunner.Run(temp.Path, "evaluate", "--run", "run", "--judge-steps", "0"),
            2,
            "--judge-steps must be at least 1"
        );
        // The demo checks its evaluation's numbers before it makes data or trains.
        AssertError(CliRunner.Run(temp.Path, "demo", "--samples", "3", "--out", "demo"), 2, "--samples");
        Assert.False(Directory.Exists(temp["demo"]));
    }

    [Fact]
    public void CudaOnACpuBuildIsAClearError()
    {
        using var temp = new TempDir();
        AssertError(
            CliRunner.Run(temp.Path, "generate", "--run", "r", "--device", "cuda", "--no-library"),
            2,
            "no CUDA device"
        );
        AssertError(
            CliRunner.Run(temp.Path, "generate", "--run", "r", "--device", "tpu", "--no-library"),
            2,
            "unknown --device"
        );
    }
}
