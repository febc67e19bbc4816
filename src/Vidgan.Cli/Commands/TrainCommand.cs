using System.CommandLine;
using Vidgan.Data;
using Vidgan.Library;
using Vidgan.Models;
using Vidgan.Training;
using Vidgan.Util;

namespace Vidgan.Cli.Commands;

public static class TrainCommand
{
    public sealed record Settings(string? Library, string RunDir, long? Steps, double? Minutes, int Batch, int? Size,
        int? Frames, string Device, int Seed, bool Resume, string Arch, bool Unconditional, double LrG, double LrD,
        double Beta1, double Beta2, int ZDim, int GWidth, int DWidth, int SampleEvery, int CheckpointEvery,
        int KeepCheckpoints, bool Flip, double ModeSeeking = 0, bool SpectralNorm = true);

    public static Command Create()
    {
        var library = CommonOptions.Library();
        var run = new Option<string>("--run") { Description = "Run folder for config, checkpoints, samples and TensorBoard logs", Required = true };
        var steps = new Option<long?>("--steps") { Description = "Train until this step (default 2000 unless --minutes is given)" };
        var minutes = new Option<double?>("--minutes") { Description = "Train for this many minutes" };
        var batch = new Option<int>("--batch") { Description = "Clips per step", DefaultValueFactory = _ => 16 };
        var size = new Option<int?>("--size") { Description = "Clip size to train on (default: the newest ingested clip set)" };
        var frames = new Option<int?>("--frames") { Description = "Clip length to train on (default: the newest ingested clip set)" };
        var device = CommonOptions.Device();
        var seed = new Option<int>("--seed") { Description = "Random seed", DefaultValueFactory = _ => 1 };
        var resume = new Option<bool>("--resume") { Description = "Continue the run from its latest checkpoint" };
        var arch = new Option<string>("--arch") { Description = $"Architecture: {string.Join(", ", ModelRegistry.Architectures)}", DefaultValueFactory = _ => "dcgan3d" };
        var unconditional = new Option<bool>("--unconditional") { Description = "Ignore class labels" };
        var lrG = new Option<double>("--lr-g") { Description = "Generator learning rate", DefaultValueFactory = _ => 2e-4 };
        var lrD = new Option<double>("--lr-d") { Description = "Discriminator learning rate", DefaultValueFactory = _ => 2e-4 };
        var beta1 = new Option<double>("--beta1") { Description = "Adam β1", DefaultValueFactory = _ => 0.5 };
        var beta2 = new Option<double>("--beta2") { Description = "Adam β2", DefaultValueFactory = _ => 0.999 };
        var zDim = new Option<int>("--z-dim") { Description = "Noise dimensions", DefaultValueFactory = _ => 128 };
        var gWidth = new Option<int>("--g-width") { Description = "Generator channels at full resolution (doubling per level down)", DefaultValueFactory = _ => 16 };
        var dWidth = new Option<int>("--d-width") { Description = "Discriminator channels at the first level", DefaultValueFactory = _ => 32 };
        var sampleEvery = new Option<int>("--sample-every") { Description = "Write a sample grid every K steps", DefaultValueFactory = _ => 200 };
        var checkpointEvery = new Option<int>("--checkpoint-every") { Description = "Write a checkpoint every K steps", DefaultValueFactory = _ => 500 };
        var keep = new Option<int>("--keep-checkpoints") { Description = "How many recent checkpoints to keep", DefaultValueFactory = _ => 2 };
        var noFlip = new Option<bool>("--no-flip") { Description = "Do not mirror training clips left-right at random" };
        var modeSeeking = new Option<double>("--mode-seeking") { Description = "Weight of the mode-seeking diversity term (MSGAN); 0 = off", DefaultValueFactory = _ => 0 };
        var noSpectralNorm = new Option<bool>("--no-spectral-norm") { Description = "Train the discriminators without spectral normalization" };
        var command = new Command("train", "Train a video GAN on the library's training clips")
        {
            library, run, steps, minutes, batch, size, frames, device, seed, resume, arch, unconditional, lrG, lrD, beta1, beta2,
            zDim, gWidth, dWidth, sampleEvery, checkpointEvery, keep, noFlip, modeSeeking, noSpectralNorm,
        };
        command.SetAction(r => Execute(new Settings(r.GetValue(library), r.GetValue(run)!, r.GetValue(steps), r.GetValue(minutes),
            r.GetValue(batch), r.GetValue(size), r.GetValue(frames), r.GetValue(device)!, r.GetValue(seed), r.GetValue(resume),
            r.GetValue(arch)!, r.GetValue(unconditional), r.GetValue(lrG), r.GetValue(lrD), r.GetValue(beta1), r.GetValue(beta2),
            r.GetValue(zDim), r.GetValue(gWidth), r.GetValue(dWidth), r.GetValue(sampleEvery), r.GetValue(checkpointEvery),
            r.GetValue(keep), !r.GetValue(noFlip), r.GetValue(modeSeeking), !r.GetValue(noSpectralNorm))));
        return command;
    }

    public static int Execute(Settings s)
    {
        if (s.Steps is <= 0) throw new VidganException("--steps must be positive", 2);
        if (s.Minutes is <= 0) throw new VidganException("--minutes must be positive", 2);
        var device = CommonOptions.ParseDevice(s.Device);
        var runDir = new RunDirectory(s.RunDir);
        using var lib = VidganLibrary.Open(s.Library, create: false);

        TrainConfig config;
        TrainingSet data;
        if (s.Resume && File.Exists(runDir.ConfigPath))
        {
            config = Json.Deserialize<TrainConfig>(File.ReadAllText(runDir.ConfigPath));
            var set = lib.Catalog.ClipSets().FirstOrDefault(c => c.Key == config.ClipSetKey)
                ?? throw new VidganException($"the clips this run was trained on ({config.ClipSetKey}) are not in {lib.Root}");
            data = TrainingSet.Load(lib, set, Split.Train, config.Model.Conditional, config.Model.Classes);
        }
        else
        {
            if (runDir.Checkpoints().Count > 0)
                throw new VidganException($"run folder {runDir.Root} already has checkpoints: pass --resume to continue it, or choose another --run");
            var set = TrainingSet.SelectClipSet(lib, s.Size, s.Frames);
            bool labelled = lib.Catalog.Clips(set.Id, Split.Train).Any(c => c.Class != null);
            data = TrainingSet.Load(lib, set, Split.Train, conditional: labelled && !s.Unconditional);
            config = new TrainConfig
            {
                Model = new ModelConfig
                {
                    Architecture = s.Arch, Size = set.Size, Frames = set.Frames, ZDim = s.ZDim, Classes = data.ClassNames,
                    GeneratorWidth = s.GWidth, DiscriminatorWidth = s.DWidth, SpectralNorm = s.SpectralNorm,
                },
                Batch = s.Batch, LearningRateG = s.LrG, LearningRateD = s.LrD, Beta1 = s.Beta1, Beta2 = s.Beta2, Seed = s.Seed,
                Flip = s.Flip, ModeSeeking = s.ModeSeeking, SampleEvery = s.SampleEvery, CheckpointEvery = s.CheckpointEvery, KeepCheckpoints = s.KeepCheckpoints,
                ClipSetKey = set.Key, Library = lib.Root,
            };
            config.Validate();
            Directory.CreateDirectory(runDir.Root);
            AtomicFile.WriteAllText(runDir.ConfigPath, Json.Serialize(config));
        }
        using (data)
        {
            config.Validate();
            long runId = lib.Catalog.UpsertRun(runDir.Root, config.Model.Architecture, Json.Serialize(config), data.ClipSet.Id);
            long? target = s.Steps ?? (s.Minutes == null ? 2000 : null);
            var budget = s.Minutes is double m ? TimeSpan.FromMinutes(m) : (TimeSpan?)null;
            Console.WriteLine($"training {config.Model.Architecture} on {data.Count} clips ({data.ClipSet.Size}×{data.ClipSet.Size}×{data.ClipSet.Frames}" +
                              (config.Model.Conditional ? $", classes {string.Join(", ", config.Model.Classes)}" : ", unconditional") +
                              $") on {device.type.ToString().ToLowerInvariant()}; run folder {runDir.Root}");
            using var cancel = new CancellationTokenSource();
            int presses = 0;
            ConsoleCancelEventHandler handler = (_, e) =>
            {
                if (++presses == 1) { e.Cancel = true; cancel.Cancel(); Console.Error.WriteLine("interrupt: finishing the step and saving a checkpoint (press Ctrl-C again to abort)"); }
            };
            Console.CancelKeyPress += handler;
            try
            {
                var result = TrainingProgress.Run(observer =>
                {
                    var trainer = new Trainer(config, runDir, data, device, new CatalogObserver(observer, lib, runId));
                    return trainer.Run(target, budget, s.Resume, cancel.Token);
                });
                Console.WriteLine($"{(result.Interrupted ? "interrupted" : "finished")} at step {result.Step}");
                Console.WriteLine($"checkpoint: {result.CheckpointPath}");
                if (result.SampleGrid != null) Console.WriteLine($"samples:    {result.SampleGrid}\n            {result.SampleVideo}");
                Console.WriteLine($"tensorboard --logdir {runDir.TensorBoardDir}");
                return result.Interrupted ? 130 : 0;
            }
            finally
            {
                Console.CancelKeyPress -= handler;
            }
        }
    }

    /// <summary>Records every checkpoint in the library catalog as it is written.</summary>
    sealed class CatalogObserver(ITrainingObserver inner, VidganLibrary lib, long runId) : ITrainingObserver
    {
        public void Started(long s, long? t, TimeSpan? b, int c, long g, long d) => inner.Started(s, t, b, c, g, d);
        public void Step(StepStats stats) => inner.Step(stats);
        public void Info(string message) => inner.Info(message);
        public void CheckpointWritten(string path, long step)
        {
            lib.Catalog.AddCheckpoint(runId, Hashing.Sha256File(path), step, path);
            inner.CheckpointWritten(path, step);
        }
    }
}
