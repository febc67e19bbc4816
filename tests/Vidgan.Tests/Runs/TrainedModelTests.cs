using Vidgan.Library;
using Vidgan.Models;
using Vidgan.Runs;
using Vidgan.Tests.Support;
using Vidgan.Util;
using static TorchSharp.torch;

namespace Vidgan.Tests.Runs;

public class TrainedModelTests
{
    [Fact]
    public void AModelOpensFromTheRecordedCheckpointAndIsRefusedOnceTheFileChanged()
    {
        using var temp = new TempDir();
        using var lib = VidganLibrary.Open(temp["lib"], create: true);
        var config = TinyData.TrainConfig(new[] { "a", "b" }, "k");
        var run = new RunDirectory(temp["run"]);
        string checkpoint = run.CheckpointPath(3);
        Directory.CreateDirectory(Path.GetDirectoryName(checkpoint)!);
        using (var models = new GanModels(config.Model, CPU))
            Checkpoint.Save(checkpoint, config, 3, 12, models, null, null);
        long runId = lib.Catalog.UpsertRun(run.Root, config.Model.Architecture, "{}", null);
        lib.Catalog.AddCheckpoint(runId, Hashing.Sha256File(checkpoint), 3, checkpoint);

        using (var trained = TrainedModel.Open(run, null, CPU, lib.Catalog))
        {
            Assert.Equal(3, trained.Header.Step);
            Assert.Equal(Hashing.Sha256File(checkpoint), trained.CheckpointSha256);
        }

        File.AppendAllText(checkpoint, "!");
        var error = Assert.Throws<VidganException>(() => TrainedModel.Open(run, null, CPU, lib.Catalog));
        Assert.Contains("not the file the library recorded", error.Message);
        // Opened without the catalog there is no record to compare with; the hash is then the changed file's.
        using var unrecorded = TrainedModel.Open(run, null, CPU);
        Assert.Equal(Hashing.Sha256File(checkpoint), unrecorded.CheckpointSha256);
    }

    [Fact]
    public void EveryWeightAndBufferOfTheOpenedModelIsTheCheckpointsNotABuildDefault()
    {
        using var temp = new TempDir();
        var config = TinyData.TrainConfig(new[] { "a", "b" }, "k");
        config = config with { Model = config.Model with { Discriminator = DiscriminatorKind.Resnet } };
        var run = new RunDirectory(temp["run"]);
        string checkpoint = run.CheckpointPath(2);
        Directory.CreateDirectory(Path.GetDirectoryName(checkpoint)!);
        using var saved = new GanModels(config.Model, CPU);
        Checkpoint.Save(checkpoint, config, 2, 8, saved, null, null);

        using var trained = TrainedModel.Open(run, null, CPU);
        var pairs = new (TorchSharp.torch.nn.Module Saved, TorchSharp.torch.nn.Module Opened)[]
        {
            (saved.Generator, trained.Models.Generator),
            (saved.GeneratorEma, trained.Models.GeneratorEma),
            (saved.VideoDiscriminator, trained.Models.VideoDiscriminator),
            (saved.ImageDiscriminator, trained.Models.ImageDiscriminator),
        };
        int compared = 0;
        foreach (var (expected, actual) in pairs)
        {
            var opened = actual.state_dict();
            foreach (var (name, value) in expected.state_dict())
            {
                Assert.True(value.equal(opened[name]).all().item<bool>(), $"{name} differs from the checkpoint");
                compared++;
            }
        }
        Assert.True(compared > 40);
    }
}
