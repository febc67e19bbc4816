using System.CommandLine;
using Vidgan.Cli.Output;
using Vidgan.Library;
using Vidgan.Models;
using Vidgan.Runs;
using Vidgan.Training;

namespace Vidgan.Cli.Commands;

/// <summary>`vidgan train`: binds flags to a <see cref="TrainRequest"/>, lets the core set the run up and train it, and
/// prints what happened.</summary>
public static class TrainCommand
{
    static readonly TrainConfig Defaults = new();

    public static Command Create()
    {
        var library = CommonOptions.Library();
        var run = new Option<string>("--run")
        {
            Description = "Run folder for config, checkpoints, samples and TensorBoard logs",
            Required = true,
        };
        var steps = new Option<long?>("--steps")
        {
            Description = $"Train until this step (default {TrainBudget.DefaultSteps} unless --minutes is given)",
        };
        var minutes = new Option<double?>("--minutes") { Description = "Train for this many minutes" };
        var size = new Option<int?>("--size")
        {
            Description = "Clip size to train on (default: the newest ingested clip set)",
        };
        var frames = new Option<int?>("--frames")
        {
            Description = "Clip length to train on (default: the newest ingested clip set)",
        };
        var device = CommonOptions.Device();
        var resume = new Option<bool>("--resume")
        {
            Description = "Continue the run from its latest checkpoint (in a folder with no run yet, start one)",
        };
        var unconditional = new Option<bool>("--unconditional") { Description = "Ignore class labels" };
        var configFile = new Option<string?>("--config")
        {
            Description =
                "Training settings from a JSON or YAML file (snake_case keys as in a run's config.json); flags "
                + "given on the command line win",
        };
        var flags = Flags();
        var command = new Command("train", "Train a video GAN on the library's training clips")
        {
            library,
            run,
            steps,
            minutes,
            size,
            frames,
            device,
            resume,
            unconditional,
            configFile,
        };
        foreach (var option in flags.Options)
            command.Add(option);
        command.SetAction(r =>
        {
            var fromFile = r.GetValue(configFile) is string path ? TrainConfigFile.Load(path) : new();
            var request = new TrainRequest
            {
                RunDir = r.GetValue(run)!,
                Resume = r.GetValue(resume),
                Size = r.GetValue(size),
                Frames = r.GetValue(frames),
                Unconditional = r.GetValue(unconditional),
                Settings = TrainSettings.Merge(fromFile, flags.Given(r)),
            };
            var budget = TrainBudget.Of(r.GetValue(steps), r.GetValue(minutes));
            return Execute(r.GetValue(library), request, budget, CommonOptions.ParseDevice(r.GetValue(device)!));
        });
        return command;
    }

    static SettingFlags Flags()
    {
        var f = new SettingFlags();
        f.Add(new Option<int>("--batch") { Description = $"Clips per step (default {Defaults.Batch})" }, "batch");
        f.Add(new Option<int>("--seed") { Description = $"Random seed (default {Defaults.Seed})" }, "seed");
        f.Add(
            new Option<string>("--arch")
            {
                Description =
                    $"Architecture: {string.Join(", ", ModelRegistry.Architectures)} (default: layered when nearly "
                    + $"all clips show one object over a plain background, else {DefaultArchitecture.General} with "
                    + $"--still-negatives {DefaultArchitecture.GeneralStillNegatives}; "
                    + $"{DefaultArchitecture.SingleCode} for --objective vae or vae-gan; "
                    + "unet for --condition image or video)",
            },
            "model.architecture"
        );
        f.Add(
            CommonOptions.Choice<DiscriminatorKind>(
                "--d-arch",
                "Discriminators: conv (strided convolutions) or resnet (residual blocks); default resnet for "
                    + "--arch resnet, else conv"
            ),
            "model.discriminator"
        );
        f.Add(
            CommonOptions.Choice<Condition>(
                "--condition",
                "What the generator is given: none, class (default with labelled clips), image (animate a first "
                    + "frame) or video (continue --context frames)"
            ),
            "model.condition"
        );
        f.Add(
            new Option<int>("--context")
            {
                Description = "With --condition video: frames given, the rest predicted (default: half the clip)",
            },
            "model.context_frames"
        );
        f.AddSwitch(
            new Option<bool>("--per-source")
            {
                Description =
                    "With --condition class: condition on each clip's source video as well, so that a class made "
                    + "of unrelated videos is learned as several worlds, not their average",
            },
            "model.condition_on_source",
            true
        );
        f.Add(
            new Option<double>("--recon-l1")
            {
                Description =
                    "Weight of the L1 distance between predicted and true frames (conditional modes; default "
                    + $"{RunSetup.ConditionalReconstructionL1})",
            },
            "reconstruction_l1"
        );
        f.Add(
            new Option<double>("--recon-l2")
            {
                Description = "Weight of the L2 distance between predicted and true frames (conditional modes)",
            },
            "reconstruction_l2"
        );
        f.Add(
            new Option<double>("--lr-g")
            {
                Description = $"Generator learning rate (default {Defaults.LearningRateG})",
            },
            "learning_rate_g"
        );
        f.Add(
            new Option<double>("--lr-d")
            {
                Description = $"Discriminator learning rate (default {Defaults.LearningRateD})",
            },
            "learning_rate_d"
        );
        f.Add(
            new Option<double>("--lr-ramp-down")
            {
                Description =
                    "Fraction of the run, at its end (of --steps, else of --minutes), over which both learning "
                    + "rates fall to zero along a half cosine (default 0: off)",
            },
            "learning_rate_ramp_down"
        );
        f.Add(new Option<double>("--beta1") { Description = $"Adam β1 (default {Defaults.Beta1})" }, "beta1");
        f.Add(new Option<double>("--beta2") { Description = $"Adam β2 (default {Defaults.Beta2})" }, "beta2");
        f.Add(
            new Option<int>("--z-dim")
            {
                Description = $"Noise dimensions (the content code for mocogan; default {Defaults.Model.ZDim})",
            },
            "model.z_dim"
        );
        f.Add(
            new Option<int>("--g-width")
            {
                Description =
                    "Generator channels at full resolution, doubling per level down (default "
                    + $"{Defaults.Model.GeneratorWidth})",
            },
            "model.generator_width"
        );
        f.Add(
            new Option<int>("--d-width")
            {
                Description =
                    $"Discriminator channels at the first level (default {Defaults.Model.DiscriminatorWidth})",
            },
            "model.discriminator_width"
        );
        f.Add(
            new Option<int>("--d-video-downsample")
            {
                Description =
                    "The video discriminator judges clips averaged down by this factor in height and width, leaving "
                    + "detail to the image discriminator (a power of two; 2 makes its convolutions about 4× cheaper; "
                    + $"default {Defaults.Model.VideoDownsample})",
            },
            "model.video_downsample"
        );
        f.Add(
            new Option<int>("--d-kernel")
            {
                Description =
                    "Kernel size of the discriminators' strided convolutions: 4 or 3 (3 needs 44–56 % of the "
                    + $"multiply-adds; default {Defaults.Model.DiscriminatorKernel})",
            },
            "model.discriminator_kernel"
        );
        f.AddSwitch(
            new Option<bool>("--plain-background")
            {
                Description =
                    "layered: draw the background as one colour per clip instead of a 4×4 picture (for an object on a "
                    + "plain background)",
            },
            "model.plain_background",
            true
        );
        f.Add(
            new Option<int>("--sprite-canvas")
            {
                Description =
                    "layered: how many frame widths the sprite's canvas spans, 1 (default) or 2; two draw the "
                    + "sprite one level finer, its canvas's edges out of view, at about 1.1-1.2x the step's time",
            },
            "model.sprite_canvas"
        );
        f.Add(
            new Option<int>("--sample-every")
            {
                Description = $"Write a sample grid every K steps (default {Defaults.SampleEvery})",
            },
            "sample_every"
        );
        f.Add(
            new Option<int>("--checkpoint-every")
            {
                Description = $"Write a checkpoint every K steps (default {Defaults.CheckpointEvery})",
            },
            "checkpoint_every"
        );
        f.Add(
            new Option<double>("--quality-every")
            {
                Description =
                    "Minutes of training between quality readings (judge-free FD to held-out clips, also at the "
                    + $"end; default {Defaults.QualityEveryMinutes}, 0 for none)",
            },
            "quality_every_minutes"
        );
        f.Add(
            new Option<int>("--keep-checkpoints")
            {
                Description = $"How many recent checkpoints to keep (default {Defaults.KeepCheckpoints})",
            },
            "keep_checkpoints"
        );
        f.AddSwitch(
            new Option<bool>("--no-flip") { Description = "Do not mirror training clips left-right at random" },
            "flip",
            false
        );
        f.AddSwitch(
            new Option<bool>("--stratified-batches")
            {
                Description = "Fill every batch with the classes in turn, not with clips drawn at random",
            },
            "stratified_batches",
            true
        );
        f.Add(
            new Option<double>("--mode-seeking")
            {
                Description = "Weight of the mode-seeking diversity term (MSGAN); 0 = off (default)",
            },
            "mode_seeking"
        );
        f.Add(
            new Option<double>("--still-negatives")
            {
                Description =
                    "Weight of real clips held on one frame, shown to the video discriminator as fakes so "
                    + $"that still pictures lose; 0 = off (default, {DefaultArchitecture.GeneralStillNegatives} "
                    + "with the general model when --arch is not given)",
            },
            "still_negatives"
        );
        f.AddSwitch(
            new Option<bool>("--no-spectral-norm")
            {
                Description = "Train the discriminators without spectral normalization",
            },
            "model.spectral_norm",
            false
        );
        f.Add(
            CommonOptions.Choice<Upsampling>(
                "--upsampling",
                "mocogan's frame decoder: transposed (stride-2 transposed convolutions, default), smooth (the same "
                    + "with a low-pass filter against their checkerboard) or resize (nearest up-sampling, then a "
                    + "3×3 convolution; the general model's default for frames of "
                    + $"{DefaultArchitecture.ResizeFromSize}×{DefaultArchitecture.ResizeFromSize} or more when --arch "
                    + "is not given)"
            ),
            "model.upsampling"
        );
        f.Add(CommonOptions.Choice<GanLoss>("--loss", $"hinge (default), bce (non-saturating) or wgan-gp"), "loss");
        f.Add(
            new Option<double>("--r1")
            {
                Description =
                    "R1 penalty weight γ on real clips and frames (0 = off; 0.1–10 typical; default "
                    + $"{Defaults.R1Gamma})",
            },
            "r1_gamma"
        );
        f.Add(
            new Option<int>("--r1-every")
            {
                Description = $"Apply R1 every N steps (lazy regularization; default {Defaults.R1Every})",
            },
            "r1_every"
        );
        f.Add(
            new Option<double>("--aux-classifier")
            {
                Description =
                    "Weight of the auxiliary class loss (AC-GAN) that makes clips recognisably their class "
                    + "(default 1 with labelled clips; 0 = off)",
            },
            "model.aux_classifier_weight"
        );
        f.Add(
            CommonOptions.Choice<PrecisionMode>(
                "--precision",
                "fp32 (default); bf16 (float32 master weights: about 1.4× the steps per minute on CPUs with bf16 "
                    + "units, many times slower on CPUs without); or auto (measures which is faster here)"
            ),
            "precision"
        );
        f.Add(
            new Option<string>("--augment")
            {
                Description =
                    "Differentiable augmentation for small datasets: none (default), or a comma list of color, "
                    + "translation, cutout",
            },
            "augment"
        );
        f.Add(
            new Option<double>("--augment-target")
            {
                Description =
                    "Adapt how often --augment applies (StyleGAN2-ADA): its probability rises while the mean sign "
                    + "of the video discriminator's scores for real clips is above this target (0.6 in the paper); "
                    + "0 = apply to every clip (default)",
            },
            "augment_target"
        );
        f.Add(
            CommonOptions.Choice<Objective>(
                "--objective",
                "gan (default); vae (encoder + generator as decoder, the ELBO; a baseline); vae-gan (both losses, "
                    + "one decoder)"
            ),
            "model.objective"
        );
        f.Add(
            new Option<double>("--kl-weight")
            {
                Description = $"β of the VAE objectives' KL term (default {Defaults.KlWeight})",
            },
            "kl_weight"
        );
        f.Add(
            new Option<double>("--vae-weight")
            {
                Description = $"Weight of the VAE loss in --objective vae-gan (default {Defaults.VaeWeight})",
            },
            "vae_weight"
        );
        return f;
    }

    static int Execute(string? libraryPath, TrainRequest request, TrainBudget budget, TorchSharp.torch.Device device)
    {
        budget.Validate();
        using var lib = VidganLibrary.Open(libraryPath, create: false);
        using var prepared = RunSetup.Prepare(lib, request, device);
        return TrainingOutput.Run(lib, prepared, budget, request.Resume, device);
    }
}
