using System.Security.Cryptography;
using TorchSharp;
using Vidgan.Data;
using Vidgan.Library;
using Vidgan.Models;
using Vidgan.Runs;
using Vidgan.Tests.Support;
using Vidgan.Training;
using static TorchSharp.torch;

namespace Vidgan.Tests.Training;

[Collection(GlobalTorchGenerator.Name)]
public class TrainingTests
{
    [Fact]
    public void DiscriminatorLossFallsOnATinySet()
    {
        using var temp = new TempDir();
        using var lib = TinyData.IngestedLibrary(temp, perClass: 2, classes: 2);
        using var data = TrainingSet.Load(lib, TrainingSet.SelectClipSet(lib, 16, 8), Split.Train, conditional: true);
        torch.manual_seed(1);
        var config = TinyData.TrainConfig(data.ClassNames, data.ClipSet.Key).Model;
        using var models = new GanModels(config, CPU);
        var opt = new ScalarSafe.Adam(models.VideoDiscriminator.parameters(), 1e-3, 0.5, 0.999);
        var rng = new Random(1);
        var losses = new List<double>();
        for (int step = 0; step < 40; step++)
        {
            using var scope = torch.NewDisposeScope();
            var (real, y) = data.Batch(rng, 8, CPU, flip: false);
            Tensor fake;
            using (torch.no_grad())
                fake = models.Generator.Generate(torch.randn(8, config.ZDim), y);
            var loss = Losses.DiscriminatorBce(
                models.VideoDiscriminator.forward(real, y),
                models.VideoDiscriminator.forward(fake, y)
            );
            opt.zero_grad();
            loss.backward();
            opt.step();
            losses.Add(loss.item<float>());
        }
        Assert.True(
            losses.Skip(30).Average() < 0.5 * losses.Take(5).Average(),
            $"loss went from {losses.Take(5).Average():0.000} to {losses.Skip(30).Average():0.000}"
        );
    }

    [Fact]
    public void TrainingWritesCheckpointsSamplesAndResumeContinuesTheStepCount()
    {
        using var temp = new TempDir();
        using var lib = TinyData.IngestedLibrary(temp, perClass: 2, classes: 2);
        var set = TrainingSet.SelectClipSet(lib, 16, 8);
        using var data = TrainingSet.Load(lib, set, Split.Train, conditional: true);
        var config = TinyData.TrainConfig(data.ClassNames, set.Key);
        var run = new RunDirectory(temp["run"]);
        var observer = new RecordingObserver();
        var first = new Trainer(config, run, data, CPU, observer).Run(12, null, resume: false, CancellationToken.None);
        Assert.Equal(12, first.Step);
        Assert.Equal(new long[] { 10, 12 }, run.Checkpoints().Select(c => c.Step));
        Assert.True(File.Exists(first.SampleGrid) && File.Exists(first.SampleVideo));
        Assert.NotEmpty(Directory.EnumerateFiles(run.TensorBoardDir, "events.out.tfevents.*"));

        var second = new Trainer(config, run, data, CPU, observer).Run(17, null, resume: true, CancellationToken.None);
        Assert.Equal(17, second.Step);
        Assert.Equal(17, Checkpoint.ReadHeader(second.CheckpointPath).Step);
        Assert.Equal(17 * config.Batch, Checkpoint.ReadHeader(second.CheckpointPath).ClipsSeen);
        Assert.Equal(new long[] { 15, 17 }, run.Checkpoints().Select(c => c.Step));
    }

    [Fact]
    public void CancellationStopsAfterTheStepAndSavesACheckpoint()
    {
        using var temp = new TempDir();
        using var lib = TinyData.IngestedLibrary(temp, perClass: 2, classes: 1, testFraction: 0);
        var set = TrainingSet.SelectClipSet(lib, 16, 8);
        using var data = TrainingSet.Load(lib, set, Split.Train, conditional: false);
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        var run = new RunDirectory(temp["run"]);
        var result = new Trainer(
            TinyData.TrainConfig(data.ClassNames, set.Key),
            run,
            data,
            CPU,
            new RecordingObserver()
        ).Run(100, null, false, cancel.Token);
        Assert.True(result.Interrupted);
        Assert.True(File.Exists(result.CheckpointPath));
    }

    [Fact]
    public void CheckpointSaveLoadGivesIdenticalOutputs()
    {
        using var temp = new TempDir();
        var config = TinyData.TrainConfig(new[] { "a", "b" }, "k");
        using var models = new GanModels(config.Model, CPU);
        models.UpdateEma(0.5);
        Checkpoint.Save(temp["c.vgck"], config, 7, 28, models, null, null);
        using var loaded = new GanModels(Checkpoint.ReadHeader(temp["c.vgck"]).Config.Model, CPU);
        var header = Checkpoint.Load(temp["c.vgck"], loaded);
        Assert.Equal((7L, 28L), (header.Step, header.ClipsSeen));
        var seeds = new long[] { 1, 2, 3 };
        var classes = new[] { 0, 1, 0 };
        var a = ClipSampler.Sample(models.GeneratorEma, config.Model, CPU, seeds, classes);
        var b = ClipSampler.Sample(loaded.GeneratorEma, config.Model, CPU, seeds, classes);
        Assert.True(torch.allclose(a, b, rtol: 0, atol: 0));
        models.VideoDiscriminator.eval();
        loaded.VideoDiscriminator.eval();
        var da = models.VideoDiscriminator.forward(a, torch.tensor(new long[] { 0, 1, 0 }));
        var db = loaded.VideoDiscriminator.forward(b, torch.tensor(new long[] { 0, 1, 0 }));
        Assert.True(torch.allclose(da, db, rtol: 0, atol: 0));
    }

    [Fact]
    public void DamagedOrForeignCheckpointsGiveClearErrors()
    {
        using var temp = new TempDir();
        File.WriteAllText(temp["text.vgck"], "not a checkpoint at all");
        Assert.Contains(
            "is not a Vidgan checkpoint",
            Assert.Throws<VidganException>(() => Checkpoint.ReadHeader(temp["text.vgck"])).Message
        );
        var config = TinyData.TrainConfig(Array.Empty<string>(), "k");
        using var models = new GanModels(config.Model, CPU);
        Checkpoint.Save(temp["c.vgck"], config, 1, 4, models, null, null);
        byte[] bytes = File.ReadAllBytes(temp["c.vgck"]);
        File.WriteAllBytes(temp["cut.vgck"], bytes[..(bytes.Length * 2 / 3)]);
        Assert.Contains(
            "damaged or truncated",
            Assert.Throws<VidganException>(() => Checkpoint.Load(temp["cut.vgck"], models)).Message
        );
        Assert.Contains(
            "does not exist",
            Assert.Throws<VidganException>(() => Checkpoint.ReadHeader(temp["none.vgck"])).Message
        );
    }

    [Fact]
    public void ACheckpointWhoseNetworksDifferFromItsConfigIsRefusedByName()
    {
        using var temp = new TempDir();
        var config = TinyData.TrainConfig(Array.Empty<string>(), "k");
        using var models = new GanModels(config.Model, CPU);
        Checkpoint.Save(temp["c.vgck"], config, 1, 4, models, null, null);
        using var wider = new GanModels(config.Model with { GeneratorWidth = 16 }, CPU);
        string error = Assert.Throws<VidganException>(() => Checkpoint.Load(temp["c.vgck"], wider)).Message;
        Assert.Contains("does not fit its own model config (generator:", error);

        // A section holding more than its network reads is refused too, though every tensor in it loads.
        WithPaddedSection(temp["c.vgck"], temp["padded.vgck"], "generator_ema");
        error = Assert.Throws<VidganException>(() => Checkpoint.Load(temp["padded.vgck"], models)).Message;
        Assert.Contains("section 'generator_ema' holds", error);
    }

    /// <summary>A copy of a checkpoint with four bytes added at the end of one section (its length updated).</summary>
    static void WithPaddedSection(string from, string to, string section)
    {
        using var r = new BinaryReader(File.OpenRead(from), System.Text.Encoding.UTF8);
        using var w = new BinaryWriter(File.Create(to), System.Text.Encoding.UTF8);
        w.Write(r.ReadBytes(8 + 4));
        w.Write(r.ReadString());
        while (r.BaseStream.Position < r.BaseStream.Length)
        {
            string name = r.ReadString();
            byte[] bytes = r.ReadBytes((int)r.ReadInt64());
            byte[] padding = name == section ? new byte[4] : [];
            w.Write(name);
            w.Write((long)(bytes.Length + padding.Length));
            w.Write(bytes);
            w.Write(padding);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void NetworksLoadWithoutReadingTheOptimizerStateWhichMustStillBeWhole(bool encrypted)
    {
        using var temp = new TempDir();
        var cipher = encrypted ? new LibraryCipher(RandomNumberGenerator.GetBytes(32)) : null;
        var config = TinyData.TrainConfig(new[] { "a", "b" }, "k");
        using var models = new GanModels(config.Model, CPU);
        using var adam = new ScalarSafe.Adam(models.Generator.parameters(), 1e-3, 0.9, 0.999);
        models.Generator.parameters().First().square().sum().backward();
        adam.step();
        models.UpdateEma(0.5);
        Checkpoint.Save(temp["c.vgck"], config, 3, 12, models, adam, adam, cipher);
        Assert.Equal(
            new[] { "optimizer_g", "optimizer_d" },
            Checkpoint.ReadHeader(temp["c.vgck"], cipher).Sections.Where(s => s.StartsWith("optimizer"))
        );

        using var loaded = new GanModels(config.Model, CPU);
        Checkpoint.Load(temp["c.vgck"], loaded, cipher: cipher);
        var seeds = new long[] { 4, 5 };
        var a = ClipSampler.Sample(models.GeneratorEma, config.Model, CPU, seeds, new[] { 0, 1 });
        var b = ClipSampler.Sample(loaded.GeneratorEma, config.Model, CPU, seeds, new[] { 0, 1 });
        Assert.True(torch.allclose(a, b, rtol: 0, atol: 0));

        // A file cut short inside the optimizer state is refused even when only the networks are wanted.
        byte[] bytes = File.ReadAllBytes(temp["c.vgck"]);
        Directory.CreateDirectory(temp["cut"]);
        File.WriteAllBytes(Path.Combine(temp["cut"], "c.vgck"), bytes[..(bytes.Length - 64)]);
        string error = Assert
            .Throws<VidganException>(() => Checkpoint.Load(Path.Combine(temp["cut"], "c.vgck"), loaded, cipher: cipher))
            .Message;
        Assert.True(error.Contains("damaged or truncated") || (encrypted && error.Contains("failed its check")), error);
    }

    [Fact]
    public void EmaBetaRampsUpThenHoldsTheHalfLife()
    {
        var config = new TrainConfig
        {
            Batch = 16,
            EmaHalfLifeClips = 10_000,
            EmaRampup = 0.05,
        };
        Assert.Equal(0, config.EmaBeta(0));
        Assert.Equal(Math.Pow(0.5, 16 / 800.0), config.EmaBeta(16_000), 12);
        Assert.Equal(Math.Pow(0.5, 16 / 10_000.0), config.EmaBeta(1_000_000), 12);
    }
}
