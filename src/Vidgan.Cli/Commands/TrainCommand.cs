using System.CommandLine;
using Vidgan.Data;
using Vidgan.Library;
using Vidgan.Models;
using Vidgan.Training;
using Vidgan.Util;

namespace Vidgan.Cli.Commands;

public static class TrainCommand
{
    static readonly TrainConfig Defaults = new();
    static readonly ModelConfig ModelDefaults = new();

    /// <summary>What the command was asked for; unset values take the defaults of <see cref="TrainConfig"/> and <see cref="ModelConfig"/>.</summary>
    public sealed record Settings
    {
        public string? Library { get; init; }
        public required string RunDir { get; init; }
        public long? Steps { get; init; }
        public double? Minutes { get; init; }
        public int Batch { get; init; } = Defaults.Batch;
        public int? Size { get; init; }
        public int? Frames { get; init; }
        public string Device { get; init; } = "cpu";
        public int Seed { get; init; } = Defaults.Seed;
        public bool Resume { get; init; }
        /// <summary>Null: unet for --condition image/video, else the default architecture.</summary>
        public string? Arch { get; init; }
        /// <summary>Null: the architecture's own (resnet for --arch resnet, else conv).</summary>
        public string? DArch { get; init; }
        /// <summary>Null: class when the clips are labelled, else none.</summary>
        public string? Condition { get; init; }
        /// <summary>Given frames for --condition video (null: half the clip).</summary>
        public int? Context { get; init; }
        /// <summary>Null: 10 for --condition image/video, else 0.</summary>
        public double? ReconL1 { get; init; }
        public double ReconL2 { get; init; }
        public string Augment { get; init; } = Defaults.Augment;
        public string Objective { get; init; } = ModelDefaults.Objective;
        public double KlWeight { get; init; } = Defaults.KlWeight;
        public double VaeWeight { get; init; } = Defaults.VaeWeight;
        public bool Unconditional { get; init; }
        public double LrG { get; init; } = Defaults.LearningRateG;
        public double LrD { get; init; } = Defaults.LearningRateD;
        public double Beta1 { get; init; } = Defaults.Beta1;
        public double Beta2 { get; init; } = Defaults.Beta2;
        public int ZDim { get; init; } = ModelDefaults.ZDim;
        public int GWidth { get; init; } = ModelDefaults.GeneratorWidth;
        public int DWidth { get; init; } = ModelDefaults.DiscriminatorWidth;
        public int SampleEvery { get; init; } = Defaults.SampleEvery;
        public int CheckpointEvery { get; init; } = Defaults.CheckpointEvery;
        public int KeepCheckpoints { get; init; } = Defaults.KeepCheckpoints;
        public bool Flip { get; init; } = Defaults.Flip;
        public double ModeSeeking { get; init; } = Defaults.ModeSeeking;
        public bool SpectralNorm { get; init; } = ModelDefaults.SpectralNorm;
        public string Loss { get; init; } = Defaults.Loss;
        public double R1Gamma { get; init; } = Defaults.R1Gamma;
        public int R1Every { get; init; } = Defaults.R1Every;
        /// <summary>Null: 1 when the clips carry at least two classes, else 0.</summary>
        public double? AuxClassifier { get; init; }
        public string Precision { get; init; } = Defaults.Precision;
    }

    public static Command Create()
    {
        var library = CommonOptions.Library();
        var run = new Option<string>("--run") { Description = "Run folder for config, checkpoints, samples and TensorBoard logs", Required = true };
        var steps = new Option<long?>("--steps") { Description = "Train until this step (default 2000 unless --minutes is given)" };
        var minutes = new Option<double?>("--minutes") { Description = "Train for this many minutes" };
        var batch = new Option<int>("--batch") { Description = "Clips per step", DefaultValueFactory = _ => Defaults.Batch };
        var size = new Option<int?>("--size") { Description = "Clip size to train on (default: the newest ingested clip set)" };
        var frames = new Option<int?>("--frames") { Description = "Clip length to train on (default: the newest ingested clip set)" };
        var device = CommonOptions.Device();
        var seed = new Option<int>("--seed") { Description = "Random seed", DefaultValueFactory = _ => Defaults.Seed };
        var resume = new Option<bool>("--resume") { Description = "Continue the run from its latest checkpoint" };
        var arch = new Option<string?>("--arch") { Description = $"Architecture: {string.Join(", ", ModelRegistry.Architectures)} (default: layered when nearly all clips show one object over a plain background, else {DefaultArchitecture.General}; unet for --condition image or video)" };
        var dArch = new Option<string?>("--d-arch") { Description = "Discriminators: conv (strided convolutions) or resnet (residual blocks); default resnet for --arch resnet, else conv" };
        dArch.AcceptOnlyFromAmong(ModelConfig.Discriminators);
        var condition = new Option<string?>("--condition") { Description = "What the generator is given: none, class (default with labelled clips), image (animate a first frame) or video (continue --context frames)" };
        condition.AcceptOnlyFromAmong(ModelConfig.Conditions);
        var context = new Option<int?>("--context") { Description = "With --condition video: frames given, the rest predicted (default: half the clip)" };
        var reconL1 = new Option<double?>("--recon-l1") { Description = "Weight of the L1 distance between predicted and true frames (conditional modes; default 10)" };
        var reconL2 = new Option<double>("--recon-l2") { Description = "Weight of the L2 distance between predicted and true frames (conditional modes)", DefaultValueFactory = _ => 0 };
        var unconditional = new Option<bool>("--unconditional") { Description = "Ignore class labels" };
        var lrG = new Option<double>("--lr-g") { Description = "Generator learning rate", DefaultValueFactory = _ => Defaults.LearningRateG };
        var lrD = new Option<double>("--lr-d") { Description = "Discriminator learning rate", DefaultValueFactory = _ => Defaults.LearningRateD };
        var beta1 = new Option<double>("--beta1") { Description = "Adam β1", DefaultValueFactory = _ => Defaults.Beta1 };
        var beta2 = new Option<double>("--beta2") { Description = "Adam β2", DefaultValueFactory = _ => Defaults.Beta2 };
        var zDim = new Option<int>("--z-dim") { Description = "Noise dimensions (the content code for mocogan)", DefaultValueFactory = _ => ModelDefaults.ZDim };
        var gWidth = new Option<int>("--g-width") { Description = "Generator channels at full resolution (doubling per level down)", DefaultValueFactory = _ => ModelDefaults.GeneratorWidth };
        var dWidth = new Option<int>("--d-width") { Description = "Discriminator channels at the first level", DefaultValueFactory = _ => ModelDefaults.DiscriminatorWidth };
        var sampleEvery = new Option<int>("--sample-every") { Description = "Write a sample grid every K steps", DefaultValueFactory = _ => Defaults.SampleEvery };
        var checkpointEvery = new Option<int>("--checkpoint-every") { Description = "Write a checkpoint every K steps", DefaultValueFactory = _ => Defaults.CheckpointEvery };
        var keep = new Option<int>("--keep-checkpoints") { Description = "How many recent checkpoints to keep", DefaultValueFactory = _ => Defaults.KeepCheckpoints };
        var noFlip = new Option<bool>("--no-flip") { Description = "Do not mirror training clips left-right at random" };
        var modeSeeking = new Option<double>("--mode-seeking") { Description = "Weight of the mode-seeking diversity term (MSGAN); 0 = off", DefaultValueFactory = _ => Defaults.ModeSeeking };
        var noSpectralNorm = new Option<bool>("--no-spectral-norm") { Description = "Train the discriminators without spectral normalization" };
        var loss = new Option<string>("--loss") { Description = "hinge (default), bce (non-saturating) or wgan-gp", DefaultValueFactory = _ => Defaults.Loss };
        loss.AcceptOnlyFromAmong(Losses.Names);
        var r1 = new Option<double>("--r1") { Description = "R1 penalty weight γ on real clips and frames (0 = off; 0.1–10 typical)", DefaultValueFactory = _ => Defaults.R1Gamma };
        var aux = new Option<double?>("--aux-classifier") { Description = "Weight of the auxiliary class loss (AC-GAN) that makes clips recognisably their class (default 1 with labelled clips; 0 = off)" };
        var r1Every = new Option<int>("--r1-every") { Description = "Apply R1 every N steps (lazy regularization)", DefaultValueFactory = _ => Defaults.R1Every };
        var precision = new Option<string>("--precision") { Description = "fp32; bf16 (float32 master weights: about 1.4× the steps per minute on CPUs with bf16 units, many times slower on CPUs without); or auto (measures which is faster here)", DefaultValueFactory = _ => Defaults.Precision };
        precision.AcceptOnlyFromAmong(TrainConfig.PrecisionChoices);
        var command = new Command("train", "Train a video GAN on the library's training clips")
        {
            library, run, steps, minutes, batch, size, frames, device, seed, resume, arch, unconditional, lrG, lrD, beta1, beta2,
            zDim, gWidth, dWidth, sampleEvery, checkpointEvery, keep, noFlip, modeSeeking, noSpectralNorm, loss, r1, r1Every, aux,
        };
        var configFile = new Option<string?>("--config") { Description = "Training settings from a JSON or YAML file (snake_case keys as in a run's config.json); flags given on the command line win" };
        command.Add(configFile);
        command.Add(precision);
        command.Add(dArch);
        command.Add(condition);
        command.Add(context);
        command.Add(reconL1);
        command.Add(reconL2);
        var augment = new Option<string>("--augment") { Description = "Differentiable augmentation for small datasets: none, or a comma list of color, translation, cutout", DefaultValueFactory = _ => Defaults.Augment };
        command.Add(augment);
        var objective = new Option<string>("--objective") { Description = "gan (default); vae (encoder + generator as decoder, the ELBO; a baseline); vae-gan (both losses, one decoder)", DefaultValueFactory = _ => ModelDefaults.Objective };
        objective.AcceptOnlyFromAmong(VaeObjective.Names);
        var klWeight = new Option<double>("--kl-weight") { Description = "β of the VAE objectives' KL term", DefaultValueFactory = _ => Defaults.KlWeight };
        var vaeWeight = new Option<double>("--vae-weight") { Description = "Weight of the VAE loss in --objective vae-gan", DefaultValueFactory = _ => Defaults.VaeWeight };
        command.Add(objective);
        command.Add(klWeight);
        command.Add(vaeWeight);
        command.SetAction(r =>
        {
            var file = r.GetValue(configFile) is string path ? TrainConfigFile.Load(path) : new TrainConfig();
            // A flag typed on the command line beats the file; the file beats the built-in defaults.
            T Pick<T>(Option<T> option, T fromFile) => r.GetResult(option) is { Implicit: false } ? r.GetValue(option)! : fromFile;
            return Execute(new Settings
            {
                Library = r.GetValue(library), RunDir = r.GetValue(run)!, Steps = r.GetValue(steps), Minutes = r.GetValue(minutes),
                Batch = Pick(batch, file.Batch), Size = r.GetValue(size), Frames = r.GetValue(frames), Device = r.GetValue(device)!,
                Seed = Pick(seed, file.Seed), Resume = r.GetValue(resume),
                Arch = r.GetResult(arch) is { Implicit: false } ? r.GetValue(arch) : file.Model.Architecture != ModelDefaults.Architecture ? file.Model.Architecture : null,
                DArch = r.GetResult(dArch) is { Implicit: false } ? r.GetValue(dArch) : file.Model.Discriminator != ModelDefaults.Discriminator ? file.Model.Discriminator : null,
                Condition = r.GetResult(condition) is { Implicit: false } ? r.GetValue(condition) : file.Model.Condition != "none" ? file.Model.Condition : null,
                Context = r.GetResult(context) is { Implicit: false } ? r.GetValue(context) : file.Model.ContextFrames > 0 ? file.Model.ContextFrames : null,
                ReconL1 = r.GetResult(reconL1) is { Implicit: false } ? r.GetValue(reconL1) : file.ReconstructionL1 > 0 ? file.ReconstructionL1 : null,
                ReconL2 = Pick(reconL2, file.ReconstructionL2), Augment = Pick(augment, file.Augment)!,
                Objective = Pick(objective, file.Model.Objective)!, KlWeight = Pick(klWeight, file.KlWeight), VaeWeight = Pick(vaeWeight, file.VaeWeight),
                Unconditional = r.GetValue(unconditional), LrG = Pick(lrG, file.LearningRateG), LrD = Pick(lrD, file.LearningRateD),
                Beta1 = Pick(beta1, file.Beta1), Beta2 = Pick(beta2, file.Beta2), ZDim = Pick(zDim, file.Model.ZDim),
                GWidth = Pick(gWidth, file.Model.GeneratorWidth), DWidth = Pick(dWidth, file.Model.DiscriminatorWidth),
                SampleEvery = Pick(sampleEvery, file.SampleEvery), CheckpointEvery = Pick(checkpointEvery, file.CheckpointEvery),
                KeepCheckpoints = Pick(keep, file.KeepCheckpoints), Flip = r.GetResult(noFlip) is { Implicit: false } ? false : file.Flip,
                ModeSeeking = Pick(modeSeeking, file.ModeSeeking),
                SpectralNorm = r.GetResult(noSpectralNorm) is { Implicit: false } ? false : file.Model.SpectralNorm,
                Loss = Pick(loss, file.Loss)!, R1Gamma = Pick(r1, file.R1Gamma), R1Every = Pick(r1Every, file.R1Every),
                AuxClassifier = r.GetResult(aux) is { Implicit: false } ? r.GetValue(aux)
                    : file.Model.AuxClassifierWeight > 0 ? file.Model.AuxClassifierWeight : null,
                Precision = Pick(precision, file.Precision)!,
            });
        });
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
            // A bf16 run resumed on a CPU without bf16 units gets the warning.
            if (config.Precision == "bf16") WarnWhenSlower(PrecisionChoice.Resolve("bf16", device).Choice);
        }
        else
        {
            if (runDir.Checkpoints().Count > 0)
                throw new VidganException($"run folder {runDir.Root} already has checkpoints: pass --resume to continue it, or choose another --run");
            var set = TrainingSet.SelectClipSet(lib, s.Size, s.Frames);
            bool labelled = lib.Catalog.Clips(set.Id, Split.Train).Any(c => c.Class != null);
            string condition = s.Condition ?? (labelled && !s.Unconditional ? "class" : "none");
            if (condition == "class" && (!labelled || s.Unconditional))
                throw new VidganException(s.Unconditional ? "--condition class contradicts --unconditional"
                    : "--condition class needs labelled clips; these have no classes (ingest with --label-from prefix or folder)", 2);
            if (s.Context != null && condition != "video") throw new VidganException("--context applies only to --condition video", 2);
            int contextFrames = condition switch { "image" => 1, "video" => s.Context ?? set.Frames / 2, _ => 0 };
            data = TrainingSet.Load(lib, set, Split.Train, conditional: labelled && !s.Unconditional && condition != "none");
            string arch = s.Arch ?? ChooseArchitecture(data, contextFrames, s.Objective);
            if (s.AuxClassifier > 0 && data.ClassNames.Count < 2)
                throw new VidganException("--aux-classifier needs clips labelled with at least 2 classes", 2);
            double auxWeight = s.AuxClassifier ?? (data.ClassNames.Count >= 2 ? 1.0 : 0.0);
            var (precision, precisionChoice) = ChoosePrecision(s.Precision, device);
            config = new TrainConfig
            {
                Model = new ModelConfig
                {
                    Architecture = arch, Discriminator = s.DArch ?? ModelRegistry.DefaultDiscriminator(arch), Objective = s.Objective, Condition = condition, ContextFrames = contextFrames, Size = set.Size, Frames = set.Frames, ZDim = s.ZDim, Classes = data.ClassNames,
                    GeneratorWidth = s.GWidth, DiscriminatorWidth = s.DWidth, SpectralNorm = s.SpectralNorm, AuxClassifierWeight = auxWeight,
                },
                Batch = s.Batch, LearningRateG = s.LrG, LearningRateD = s.LrD, Beta1 = s.Beta1, Beta2 = s.Beta2, Seed = s.Seed,
                Flip = s.Flip, ModeSeeking = s.ModeSeeking, Loss = s.Loss, Precision = precision, PrecisionChoice = precisionChoice,
                ReconstructionL1 = s.ReconL1 ?? (contextFrames > 0 ? 10 : 0), ReconstructionL2 = s.ReconL2, Augment = s.Augment, KlWeight = s.KlWeight, VaeWeight = s.VaeWeight, R1Gamma = s.R1Gamma, R1Every = s.R1Every, SampleEvery = s.SampleEvery, CheckpointEvery = s.CheckpointEvery, KeepCheckpoints = s.KeepCheckpoints,
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
                    var catalogObserver = new CatalogObserver(observer, lib, runId);
                    return PrecisionFallback.Run(config, runDir, s.Resume, message => observer.Info($"warning: {message}"),
                        (c, resume) => new Trainer(c, runDir, data, device, catalogObserver).Run(target, budget, resume, cancel.Token));
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

    /// <summary>Resolves auto (saying what the probe measured), and warns when bf16 was asked for on a device where it
    /// is the slower type.</summary>
    static (string Precision, PrecisionChoice Choice) ChoosePrecision(string asked, TorchSharp.torch.Device device)
    {
        var (precision, choice) = PrecisionChoice.Resolve(asked, device);
        if (asked == "auto") Console.WriteLine($"precision: {precision} ({choice.Reason})");
        WarnWhenSlower(choice);
        return (precision, choice);
    }

    static void WarnWhenSlower(PrecisionChoice choice)
    {
        if (choice.Bf16IsSlower)
            Console.Error.WriteLine($"warning: --precision bf16 is the slower choice: {choice.Reason}; --precision fp32 or auto trains faster");
    }

    static string ChooseArchitecture(TrainingSet data, int contextFrames, string objective)
    {
        var choice = DefaultArchitecture.For(data, contextFrames, objective);
        Console.WriteLine($"architecture: {choice.Architecture} ({choice.Reason})");
        return choice.Architecture;
    }
}
