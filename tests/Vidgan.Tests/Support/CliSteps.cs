namespace Vidgan.Tests.Support;

/// <summary>CLI steps many end-to-end tests start with.</summary>
public static class CliSteps
{
    public static void Ok(CliResult r) => Assert.True(r.ExitCode == 0, r.ToString());

    /// <summary>Flags for a model small enough to train a few steps in a test.</summary>
    public static readonly string[] TinyModel = ["--batch", "4", "--g-width", "8", "--d-width", "8", "--z-dim", "16"];

    /// <summary>`vidgan train` of a run "r" of the smallest dcgan3d model, for tests of how a run stops and resumes;
    /// the caller adds the steps and the checkpoint and sample intervals.</summary>
    public static readonly string[] TinyDcganTrain =
    [
        "train",
        "--run",
        "r",
        "--arch",
        "dcgan3d",
        "--batch",
        "2",
        "--g-width",
        "4",
        "--d-width",
        "4",
    ];

    /// <summary>`vidgan make-data shapes --out data` in <paramref name="dir"/>: 32-px videos, named by class.</summary>
    public static void MakeShapes(string dir, int perClass = 3, int classes = 2, int frames = 16) =>
        Ok(
            CliRunner.Run(
                dir,
                ["make-data", "shapes", "--out", "data", "--per-class", $"{perClass}", "--size", "32"],
                ["--frames", $"{frames}", "--classes", $"{classes}"]
            )
        );

    /// <summary>Two shapes, two videos each, made and ingested at 16×16×8 with no held-out clips: the smallest
    /// library a run trains on.</summary>
    public static void IngestTinyShapes(TempDir temp)
    {
        TinyData.Shapes(temp["data"], perClass: 2, classes: 2);
        Ok(CliRunner.Run(temp.Path, "ingest", "data", "--size", "16", "--frames", "8", "--test-fraction", "0"));
    }
}
