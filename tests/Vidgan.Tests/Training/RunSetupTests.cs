using System.Text.Json.Nodes;
using Vidgan.Models;
using Vidgan.Runs;
using Vidgan.Tests.Support;
using Vidgan.Training;
using Vidgan.Util;
using static TorchSharp.torch;

namespace Vidgan.Tests.Training;

/// <summary>A value given is a value kept, whatever it equals; what is not given is decided from the clips.</summary>
public class RunSetupTests
{
    static JsonObject Settings(string yaml)
    {
        using var temp = new TempDir();
        File.WriteAllText(temp["s.yaml"], yaml);
        return TrainConfigFile.Load(temp["s.yaml"]);
    }

    static TrainConfig Prepare(TempDir temp, Vidgan.Library.VidganLibrary lib, JsonObject settings, string run = "run")
    {
        using var prepared = RunSetup.Prepare(lib, new TrainRequest { RunDir = temp[run], Settings = settings }, CPU);
        var written = Json.Deserialize<TrainConfig>(File.ReadAllText(prepared.Run.ConfigPath));
        Assert.Equal(Json.Serialize(prepared.Config), Json.Serialize(written));
        return prepared.Config;
    }

    [Fact]
    public void SettingsEqualToTheDefaultsAreKeptOverWhatSetupWouldChoose()
    {
        using var temp = new TempDir();
        using var lib = TinyData.IngestedLibrary(temp);
        // Left open, these shapes get layered, class conditioning and the auxiliary classifier.
        var open = Prepare(temp, lib, new JsonObject(), "open");
        Assert.Equal(
            ("layered", Condition.Class, 1.0),
            (open.Model.Architecture, open.Model.Condition, open.Model.AuxClassifierWeight)
        );

        var given = Prepare(
            temp,
            lib,
            Settings(
                "model:\n  architecture: resnet\n  discriminator: conv\n  condition: none\n  aux_classifier_weight: 0\n"
            ),
            "given"
        );
        Assert.Equal("resnet", given.Model.Architecture);
        Assert.Equal(DiscriminatorKind.Conv, given.Model.Discriminator);
        Assert.Equal(Condition.None, given.Model.Condition);
        Assert.Equal(0, given.Model.AuxClassifierWeight);
        Assert.False(given.Model.Conditional);
    }

    [Fact]
    public void ZeroReconstructionWeightIsKeptForAConditionalModel()
    {
        using var temp = new TempDir();
        using var lib = TinyData.IngestedLibrary(temp);
        var open = Prepare(temp, lib, Settings("model:\n  condition: video\n  context_frames: 2\n"), "open");
        Assert.Equal(("unet", RunSetup.ConditionalReconstructionL1), (open.Model.Architecture, open.ReconstructionL1));
        var given = Prepare(
            temp,
            lib,
            Settings("reconstruction_l1: 0\nmodel:\n  condition: video\n  context_frames: 2\n"),
            "given"
        );
        Assert.Equal(0, given.ReconstructionL1);
    }

    [Fact]
    public void FlagsWinOverTheFileKeyByKey()
    {
        var file = Settings("batch: 8\nmodel:\n  architecture: mocogan\n  generator_width: 24\n");
        var flags = new JsonObject { ["batch"] = 4 };
        TrainSettings.Set(flags, "model.generator_width", 12);
        var merged = TrainSettings.ToConfig(TrainSettings.Merge(file, flags));
        Assert.Equal((4, "mocogan", 12), (merged.Batch, merged.Model.Architecture, merged.Model.GeneratorWidth));
        Assert.Equal(new TrainConfig().LearningRateG, merged.LearningRateG);
    }

    [Fact]
    public void ResumeReadsTheRunBackAndANewRunRefusesAFolderWithCheckpoints()
    {
        using var temp = new TempDir();
        using var lib = TinyData.IngestedLibrary(temp);
        var first = Prepare(temp, lib, Settings("seed: 7\nmodel:\n  architecture: dcgan3d\n"));
        Directory.CreateDirectory(temp["run/checkpoints"]);
        File.WriteAllText(temp["run/checkpoints/step-00000001.vgck"], "");
        var e = Assert.Throws<VidganException>(() =>
            RunSetup.Prepare(lib, new TrainRequest { RunDir = temp["run"] }, CPU)
        );
        Assert.Contains("already has checkpoints", e.Message);
        TrainRequest Resume(string settings, int? size = null) =>
            new()
            {
                RunDir = temp["run"],
                Resume = true,
                Settings = Settings(settings),
                Size = size,
            };
        using var resumed = RunSetup.Prepare(lib, Resume("seed: 7\nprecision: auto\n"), CPU);
        Assert.Equal(Json.Serialize(first), Json.Serialize(resumed.Config));
        Assert.DoesNotContain(resumed.Notes, n => n.Text.Contains("nothing to resume"));

        // --resume on a folder with no run in it (a crash before config.json, or a mistyped folder) starts one and
        // says so.
        using var started = RunSetup.Prepare(lib, new TrainRequest { RunDir = temp["other"], Resume = true }, CPU);
        Assert.Contains(started.Notes, n => n.Warning && n.Text.StartsWith("nothing to resume in "));
        Assert.True(File.Exists(temp["other/config.json"]));

        // What the checkpoint was made with cannot change: refused by name, the run left as it was.
        string before = File.ReadAllText(temp["run/config.json"]);
        var changed = Assert.Throws<VidganException>(() =>
            RunSetup.Prepare(lib, Resume("seed: 9\nmodel:\n  architecture: resnet\n"), CPU)
        );
        Assert.Equal(2, changed.ExitCode);
        Assert.Contains("setting 'seed' 9 where the run had 7", changed.Message);
        Assert.Contains("setting 'model.architecture' \"resnet\" where the run had \"dcgan3d\"", changed.Message);
        var resized = Assert.Throws<VidganException>(() => RunSetup.Prepare(lib, Resume("", size: 64), CPU));
        Assert.Contains("size 64", resized.Message);
        Assert.Equal(before, File.ReadAllText(temp["run/config.json"]));

        // How it trains on can: a lower learning rate, as a diverged run is advised, is kept and said.
        using var slower = RunSetup.Prepare(lib, Resume("learning_rate_g: 0.0001\nprecision: fp32\n"), CPU);
        Assert.Equal(0.0001, slower.Config.LearningRateG);
        Assert.Equal(first.LearningRateD, slower.Config.LearningRateD);
        Assert.Contains(slower.Notes, n => n.Text.Contains("setting 'learning_rate_g' 0.0001 where the run had"));
        Assert.Equal(0.0001, Json.Deserialize<TrainConfig>(File.ReadAllText(temp["run/config.json"])).LearningRateG);
    }

    [Fact]
    public void BadSettingsAreRefusedByNameAndWriteNothing()
    {
        using var temp = new TempDir();
        using var lib = TinyData.IngestedLibrary(temp);
        foreach (
            var (json, message) in new[]
            {
                (
                    """{ "model": { "context_frames": 2 } }""",
                    "setting 'model.context_frames' applies only to setting 'model.condition' video"
                ),
                ("""{ "loss": "lsgan" }""", "'loss' must be one of bce, hinge, wgan-gp"),
                ("""{ "batch": "eight" }""", "'batch' must be a whole number"),
                (
                    """{ "model": { "aux_classifer_weight": 1 } }""",
                    "'model.aux_classifer_weight' is not a training setting"
                ),
            }
        )
        {
            var e = Assert.Throws<VidganException>(() =>
                RunSetup
                    .Prepare(
                        lib,
                        new TrainRequest { RunDir = temp["bad"], Settings = JsonNode.Parse(json)!.AsObject() },
                        CPU
                    )
                    .Dispose()
            );
            Assert.Equal(2, e.ExitCode);
            Assert.Contains(message, e.Message);
            Assert.False(Directory.Exists(temp["bad"]));
        }
    }
}
