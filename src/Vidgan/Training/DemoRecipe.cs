using System.Text.Json.Nodes;
using Vidgan.Runs;

namespace Vidgan.Training;

/// <summary>How the demo trains: the layered model on the procedural shapes, with faster learning rates that reach in
/// about 2,000 steps the class accuracy the general defaults reached in 7,000, a video discriminator on half-size
/// clips, learning rates ramped down over the last 30 % of the steps, lazy R1, a longer EMA, batches that hold the
/// classes in turn and a plain background (each choice measured over several seeds in bench/results/demo-steps.md).
/// Other architectures keep the general defaults and their longer budget.</summary>
public static class DemoRecipe
{
    public const string Architecture = "layered";
    public const long Steps = 2000;
    public const long OtherArchitectureSteps = 7000;

    /// <summary>The layered demo's video discriminator judges half-size clips: each step 1.4× cheaper at the same
    /// quality (bench/results/demo-steps.md).</summary>
    public const int VideoDownsample = 2;

    /// <summary>Without it the last checkpoint lands anywhere in an oscillation: the Fréchet distance scattered
    /// between 1.8× and 5.5× the floor from one seed or checkpoint to the next.</summary>
    public const double LearningRateRampDown = 0.3;

    /// <summary>Both players' peak rate: 1.5e-3 put three seeds at ≥ 98.7 % class accuracy at 2,000 steps where 1e-3
    /// left two of them at 88–91 % (bench/results/demo-steps.md).</summary>
    public const double LearningRate = 1.5e-3;

    /// <summary>R1 paid every 16th step instead of every 4th (at 16× rather than 4× its weight, as lazy
    /// regularization scales it): training 1.10× faster, with the same class accuracy and Fréchet distance
    /// over three seeds (bench/results/demo-steps.md).</summary>
    public const int R1Every = 16;

    /// <summary>The EMA generator's half-life may grow to this share of the clips seen (`train`'s default 0.05): over
    /// the ramp-down the longer average drew clips nearer the real ones, at a little class accuracy
    /// (bench/results/demo-steps.md).</summary>
    public const double EmaRampup = 0.075;

    /// <summary>Every batch holds the three shapes in turn: over five seeds class accuracy 97.5–100 % where random
    /// batches left one seed at 74 % (bench/results/demo-steps.md).</summary>
    public const bool StratifiedBatches = true;

    /// <summary>The background is one colour per clip, as the shapes' is: with a 4×4 picture the generator drew
    /// objects as holes in a dark sprite over a bright background, their colours sweeping as they moved
    /// (bench/results/demo-steps.md).</summary>
    public const bool PlainBackground = true;

    public static long StepsFor(string architecture) => architecture == Architecture ? Steps : OtherArchitectureSteps;

    /// <summary>The demo's training settings, as `train` flags would give them.</summary>
    public static JsonObject Settings(string architecture, int seed, string precision)
    {
        var settings = new JsonObject { ["seed"] = seed, ["precision"] = precision };
        TrainSettings.Set(settings, "model.architecture", architecture);
        if (architecture == Architecture)
        {
            settings["learning_rate_g"] = LearningRate;
            settings["learning_rate_d"] = LearningRate;
            settings["beta1"] = 0.0;
            settings["beta2"] = 0.99;
            settings["learning_rate_ramp_down"] = LearningRateRampDown;
            settings["r1_every"] = R1Every;
            settings["ema_rampup"] = EmaRampup;
            settings["stratified_batches"] = StratifiedBatches;
            TrainSettings.Set(settings, "model.video_downsample", VideoDownsample);
            TrainSettings.Set(settings, "model.plain_background", PlainBackground);
        }
        return settings;
    }
}
