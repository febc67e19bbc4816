using System.CommandLine;
using Vidgan.Data;
using Vidgan.Library;
using Vidgan.Models;
using Vidgan.Training;
using Vidgan.Util;

namespace Vidgan.Cli.Commands;

public static class TrainCommand
{
    public sealed record Settings
    {
        public string? Library { get; init; }
        public required string RunDir { get; init; }
        public long? Steps { get; init; }
        public double? Minutes { get; init; }
        public int Batch { get; init; } = 16;
        public int? Size { get; init; }
        public int? Frames { get; init; }
        public string Device { get; init; } = "cpu";
        public int Seed { get; init; } = 1;
        public bool Resume { get; init; }
        public string Arch { get; init; } = "dcgan3d";
        public bool Unconditional { get; init; }
        public double LrG { get; init; } = 2e-4;
        public double LrD { get; init; } = 2e-4;
        public double Beta1 { get; init; } = 0.5;
        public double Beta2 { get; init; } = 0.999;
        public int ZDim { get; init; } = 128;
        public int GWidth { get; init; } = 16;
        public int DWidth { get; init; } = 32;
        public int SampleEvery { get; init; } = 200;
        public int CheckpointEvery { get; init; } = 500;
        public int KeepCheckpoints { get; init; } = 2;
        public bool Flip { get; init; } = true;
        public double ModeSeeking { get; init; }
        public bool SpectralNorm { get; init; } = true;
        public string Loss { get; init; } = "hinge";
        public double R1Gamma { get; init; }
        public int R1Every { get; init; } = 4;
        /// <summary>Null: 1 when the clips carry at least two classes, else 0.</summary>
        public double? AuxClassifier { get; init; }
    }

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
        var loss = new Option<string>("--loss") { Description = "hinge (default), bce (non-saturating) or wgan-gp", DefaultValueFactory = _ => "hinge" };
        loss.AcceptOnlyFromAmong(Losses.Names);
        var r1 = new Option<double>("--r1") { Description = "R1 penalty weight γ on real clips and frames (0 = off; 0.1–10 typical)", DefaultValueFactory = _ => 0 };
        var aux = new Option<double?>("--aux-classifier") { Description = "Weight of the auxiliary class loss (AC-GAN) that makes clips recognisably their class (default 1 with labelled clips; 0 = off)" };
        var r1Every = new Option<int>("--r1-every") { Description = "Apply R1 every N steps (lazy regularization)", DefaultValueFactory = _ => 4 };
        var command = new Command("train", "Train a video GAN on the library's training clips")
        {
            library, run, steps, minutes, batch, size, frames, device, seed, resume, arch, unconditional, lrG, lrD, beta1, beta2,
            zDim, gWidth, dWidth, sampleEvery, checkpointEvery, keep, noFlip, modeSeeking, noSpectralNorm, loss, r1, r1Every, aux,
        };
        command.SetAction(r => Execute(new Settings
        {
            Library = r.GetValue(library), RunDir = r.GetValue(run)!, Steps = r.GetValue(steps), Minutes = r.GetValue(minutes),
            Batch = r.GetValue(batch), Size = r.GetValue(size), Frames = r.GetValue(frames), Device = r.GetValue(device)!,
            Seed = r.GetValue(seed), Resume = r.GetValue(resume), Arch = r.GetValue(arch)!, Unconditional = r.GetValue(unconditional),
            LrG = r.GetValue(lrG), LrD = r.GetValue(lrD), Beta1 = r.GetValue(beta1), Beta2 = r.GetValue(beta2), ZDim = r.GetValue(zDim),
            GWidth = r.GetValue(gWidth), DWidth = r.GetValue(dWidth), SampleEvery = r.GetValue(sampleEvery),
            CheckpointEvery = r.GetValue(checkpointEvery), KeepCheckpoints = r.GetValue(keep), Flip = !r.GetValue(noFlip),
            ModeSeeking = r.GetValue(modeSeeking), SpectralNorm = !r.GetValue(noSpectralNorm), Loss = r.GetValue(loss)!,
            R1Gamma = r.GetValue(r1), R1Every = r.GetValue(r1Every), AuxClassifier = r.GetValue(aux),
        }));
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
            if (s.AuxClassifier > 0 && data.ClassNames.Count < 2)
                throw new VidganException("--aux-classifier needs clips labelled with at least 2 classes", 2);
            double auxWeight = s.AuxClassifier ?? (data.ClassNames.Count >= 2 ? 1.0 : 0.0);
            config = new TrainConfig
            {
                Model = new ModelConfig
                {
                    Architecture = s.Arch, Size = set.Size, Frames = set.Frames, ZDim = s.ZDim, Classes = data.ClassNames,
                    GeneratorWidth = s.GWidth, DiscriminatorWidth = s.DWidth, SpectralNorm = s.SpectralNorm, AuxClassifierWeight = auxWeight,
                },
                Batch = s.Batch, LearningRateG = s.LrG, LearningRateD = s.LrD, Beta1 = s.Beta1, Beta2 = s.Beta2, Seed = s.Seed,
                Flip = s.Flip, ModeSeeking = s.ModeSeeking, Loss = s.Loss, R1Gamma = s.R1Gamma, R1Every = s.R1Every, SampleEvery = s.SampleEvery, CheckpointEvery = s.CheckpointEvery, KeepCheckpoints = s.KeepCheckpoints,
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
