using System.Text.Json.Nodes;
using Vidgan.Tests.Support;
using static Vidgan.Tests.Support.CliSteps;

namespace Vidgan.Tests.Cli;

/// <summary>image → video and video → video from the command line, with the bad inputs those modes bring.</summary>
[Trait(Suites.Name, Suites.Cli)]
public class ConditionalModeTests
{
    static void AssertError(CliResult r, string message, int exitCode = 2)
    {
        Assert.True(r.ExitCode == exitCode, r.ToString());
        Assert.Contains(message, r.Stderr);
        Assert.DoesNotContain("   at ", r.Stderr);
    }

    static string Ingested(TempDir temp)
    {
        MakeShapes(temp.Path, perClass: 3, classes: 2, frames: 16);
        Ok(CliRunner.Run(temp.Path, "ingest", "data", "--size", "16", "--frames", "8", "--test-fraction", "0.3"));
        return temp.Path;
    }

    static void Picture(string dir, string name, params string[] filter)
    {
        var args = new List<string>
        {
            "-v",
            "error",
            "-y",
            "-i",
            Path.Combine(dir, "data", "circle_1.mp4"),
            "-frames:v",
            "1",
        };
        args.AddRange(filter);
        args.Add(Path.Combine(dir, name));
        Assert.Equal(0, Vidgan.Media.ProcessRunner.Run("ffmpeg", args, TimeSpan.FromSeconds(30)).ExitCode);
    }

    [Fact]
    public void ImageToVideoAnimatesAGivenPictureAndRefusesTheWrongOnes()
    {
        using var temp = new TempDir();
        string dir = Ingested(temp);
        Ok(CliRunner.Run(dir, ["train", "--run", "run", "--condition", "image", "--steps", "3", .. TinyModel]));
        Assert.Contains("\"architecture\": \"unet\"", File.ReadAllText(temp["run/config.json"]));
        Picture(dir, "still.png", "-vf", "scale=16:16");
        var gen = CliRunner.Run(
            dir,
            "generate",
            "--run",
            "run",
            "--from-image",
            "still.png",
            "--count",
            "2",
            "--class",
            "circle"
        );
        Ok(gen);
        Assert.Equal(2, Directory.GetFiles(temp["run/generated"], "circle_*.mp4").Length);

        Picture(dir, "big.png", "-vf", "scale=32:32");
        AssertError(
            CliRunner.Run(dir, "generate", "--run", "run", "--from-image", "big.png"),
            "the image is 32×32; this model takes 16×16"
        );
        Picture(dir, "grey.png", "-vf", "scale=16:16", "-pix_fmt", "gray");
        AssertError(
            CliRunner.Run(dir, "generate", "--run", "run", "--from-image", "grey.png"),
            "the image has 1 channel(s) (gray)"
        );
        AssertError(
            CliRunner.Run(dir, "generate", "--run", "run", "--from-video", "data/circle_1.mp4"),
            "use --from-image"
        );
        AssertError(
            CliRunner.Run(dir, "generate", "--run", "run", "--from-image", "data/circle_1.mp4"),
            "not a still image",
            exitCode: 1
        );
    }

    [Fact]
    public void VideoToVideoContinuesAClipAndReportsPredictionMetrics()
    {
        using var temp = new TempDir();
        string dir = Ingested(temp);
        Ok(
            CliRunner.Run(
                dir,
                [
                    "train",
                    "--run",
                    "run",
                    "--condition",
                    "video",
                    "--context",
                    "3",
                    "--steps",
                    "3",
                    .. TinyModel,
                    "--augment",
                    "color, translation, cutout",
                    "--precision",
                    "bf16",
                ]
            )
        );
        Ok(
            CliRunner.Run(
                dir,
                "generate",
                "--run",
                "run",
                "--from-video",
                "data/square_2.mp4",
                "--count",
                "1",
                "--class",
                "square",
                "--out",
                "continued"
            )
        );
        Assert.Single(Directory.GetFiles(temp["continued"], "square_*.mp4"));
        // Without a file, held-out clips of the library are continued.
        Ok(CliRunner.Run(dir, "generate", "--run", "run", "--count", "2", "--out", "from-test", "--no-library"));
        Assert.Equal(2, Directory.GetFiles(temp["from-test"], "*.mp4").Length);
        var evaluate = CliRunner.Run(dir, "evaluate", "--run", "run", "--samples", "16", "--judge-steps", "5");
        Ok(evaluate);
        Assert.Contains("3 given → 5 predicted frames", evaluate.Stdout);
        Assert.Contains("MSE by frame", evaluate.Stdout);

        Picture(dir, "still.png", "-vf", "scale=16:16");
        AssertError(CliRunner.Run(dir, "generate", "--run", "run", "--from-image", "still.png"), "use --from-video");
    }

    [Fact]
    public void LayeredVideoToVideoTakesTheClassFromTheGivenFilesName()
    {
        using var temp = new TempDir();
        string dir = Ingested(temp);
        Ok(
            CliRunner.Run(
                dir,
                [
                    "train",
                    "--run",
                    "run",
                    "--arch",
                    "layered",
                    "--condition",
                    "video",
                    "--context",
                    "4",
                    "--steps",
                    "3",
                    .. TinyModel,
                ]
            )
        );
        Assert.Contains("\"architecture\": \"layered\"", File.ReadAllText(temp["run/config.json"]));
        Ok(
            CliRunner.Run(
                dir,
                "generate",
                "--run",
                "run",
                "--from-video",
                "data/square_2.mp4",
                "--count",
                "2",
                "--out",
                "continued"
            )
        );
        Assert.Equal(2, Directory.GetFiles(temp["continued"], "square_*.mp4").Length);
        File.Copy(temp["data/square_2.mp4"], temp["clip.mp4"]);
        AssertError(CliRunner.Run(dir, "generate", "--run", "run", "--from-video", "clip.mp4"), "pass --class");
        Ok(
            CliRunner.Run(
                dir,
                "generate",
                "--run",
                "run",
                "--from-video",
                "clip.mp4",
                "--class",
                "circle",
                "--count",
                "1",
                "--out",
                "named"
            )
        );
        Assert.Single(Directory.GetFiles(temp["named"], "circle_*.mp4"));
    }

    [Fact]
    public void ClipsOfOneClassTrainUnconditionallyAndClassModeSaysWhatIsMissing()
    {
        using var temp = new TempDir();
        MakeShapes(temp.Path, perClass: 2, classes: 1, frames: 16);
        Ok(CliRunner.Run(temp.Path, "ingest", "data", "--size", "16", "--frames", "8"));
        AssertError(
            CliRunner.Run(temp.Path, "train", "--run", "class", "--condition", "class", "--steps", "1"),
            "--condition class needs clips of at least 2 classes; every training clip is circle"
        );
        Assert.False(File.Exists(Path.Combine(temp.Path, "class", "config.json")));

        Ok(CliRunner.Run(temp.Path, ["train", "--run", "plain", "--steps", "1", .. TinyModel]));
        var model = JsonNode.Parse(File.ReadAllText(Path.Combine(temp.Path, "plain", "config.json")))!["model"]!;
        Assert.Equal("none", (string?)model["condition"]);
        Assert.Empty(model["classes"]!.AsArray());
    }

    [Fact]
    public void ModesTheDataOrModelCannotServeStopBeforeTraining()
    {
        using var temp = new TempDir();
        string dir = Ingested(temp);
        AssertError(
            CliRunner.Run(dir, "train", "--run", "a", "--condition", "video", "--context", "8", "--steps", "1"),
            "--context 8 leaves nothing to predict"
        );
        AssertError(
            CliRunner.Run(dir, "train", "--run", "b", "--condition", "image", "--arch", "dcgan3d", "--steps", "1"),
            "needs an architecture that takes frames: layered or unet"
        );
        AssertError(
            CliRunner.Run(dir, "train", "--run", "c", "--arch", "unet", "--steps", "1"),
            "continues given frames"
        );
        AssertError(
            CliRunner.Run(dir, "train", "--run", "d", "--context", "2", "--steps", "1"),
            "--context applies only to --condition video"
        );
        AssertError(
            CliRunner.Run(dir, "train", "--run", "e", "--recon-l1", "5", "--steps", "1"),
            "need --condition image or video"
        );
        foreach (var run in new[] { "a", "b", "c", "d", "e" })
            Assert.False(File.Exists(Path.Combine(dir, run, "config.json")), $"{run} wrote nothing");

        Ok(
            CliRunner.Run(
                dir,
                "ingest",
                "data",
                "--size",
                "16",
                "--frames",
                "8",
                "--label-from",
                "none",
                "--library",
                "unlabelled"
            )
        );
        AssertError(
            CliRunner.Run(
                dir,
                "train",
                "--run",
                "f",
                "--library",
                "unlabelled",
                "--condition",
                "class",
                "--steps",
                "1"
            ),
            "--condition class needs labelled clips"
        );

        Ok(CliRunner.Run(dir, ["train", "--run", "noise", "--steps", "1", .. TinyModel]));
        Picture(dir, "still.png", "-vf", "scale=16:16");
        AssertError(
            CliRunner.Run(dir, "generate", "--run", "noise", "--from-image", "still.png"),
            "--from-image needs a model trained with --condition image or video"
        );
        Ok(CliRunner.Run(dir, ["train", "--run", "other", "--arch", "dcgan3d", "--steps", "1", .. TinyModel]));
        var foreign = Directory.GetFiles(Path.Combine(dir, "other", "checkpoints"))[0];
        AssertError(
            CliRunner.Run(dir, "generate", "--run", "noise", "--checkpoint", foreign),
            "is from another model (dcgan3d"
        );
    }
}
