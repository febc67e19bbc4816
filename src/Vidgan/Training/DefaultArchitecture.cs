using Vidgan.Data;
using Vidgan.Media;
using Vidgan.Models;
using Vidgan.Util;

namespace Vidgan.Training;

/// <summary>The generator `vidgan train` uses when no --arch is given: unet for the conditional modes; for clips drawn
/// from noise, layered with a plain background when nearly all of the clips show one object moving over one (there it
/// beat every other model by far in the benchmark), else mocogan with still negatives, a learning-rate ramp-down (and
/// resize-convolutions from 64×64 up), the general model for footage (ahead of resnet on real footage after 30
/// minutes in Fréchet distance, recall and motion, two seeds against one: bench/results/real-footage-32*.md); resnet
/// where the objective needs one latent code per clip.</summary>
public static class DefaultArchitecture
{
    public const string General = "mocogan";
    public const string SingleCode = "resnet";

    /// <summary>The weight of still negatives (<c>still_negatives</c>) the general model gets: without them its
    /// samples stood still for longer on real footage.</summary>
    public const double GeneralStillNegatives = 0.5;

    /// <summary>The learning-rate ramp-down (<c>learning_rate_ramp_down</c>) the general model gets: on real footage
    /// at 32×32 it settled half an hour's run at 3.0× the Fréchet floor where full learning rates to the end left
    /// 4.0×, with more motion (bench/results/real-footage-32-rampdown-seed2.md).</summary>
    public const double GeneralLearningRateRampDown = 0.3;

    /// <summary>The smallest frame size whose general model up-samples with resize-convolutions: at 64×64 they
    /// drew no checkerboard and came much closer to real footage than transposed convolutions in the same hour; at
    /// 32×32 they were level at a third more per step (bench/results/real-footage-*-resize*.md). Smaller frames keep
    /// transposed convolutions, as does every config without the setting, so older checkpoints load as they
    /// were.</summary>
    public const int ResizeFromSize = 64;
    const double LayeredShare = 0.9;
    const int ProbeClips = 64;

    /// <summary>The architecture, why, and the still-negatives weight, up-sampling, learning-rate ramp-down and
    /// background that go with it (null: the settings' defaults).</summary>
    public sealed record Choice(
        string Architecture,
        string Reason,
        double? StillNegatives = null,
        Upsampling? Upsampling = null,
        double? LearningRateRampDown = null,
        bool? PlainBackground = null
    );

    public static Choice For(TrainingSet data, int contextFrames, Objective objective) =>
        For(contextFrames > 0 || objective != Objective.Gan ? [] : Sample(data), contextFrames, objective);

    /// <summary>The choice for <paramref name="sampled"/> clips of the training set (unused for the conditional
    /// modes and the objectives other than GAN).</summary>
    public static Choice For(IReadOnlyList<Clip> sampled, int contextFrames, Objective objective)
    {
        if (contextFrames > 0)
            return new("unet", "it continues given frames");
        if (objective != Objective.Gan)
            return new(
                SingleCode,
                $"objective {SettingNames.Name(objective)} needs a generator drawn from one latent code"
            );
        double share = SceneProbe.ShareOfSingleObjectClips(sampled);
        bool resize = sampled.Count > 0 && Math.Min(sampled[0].Height, sampled[0].Width) >= ResizeFromSize;
        return share >= LayeredShare
            ? new(
                "layered",
                $"{share:P0} of {sampled.Count} sampled clips show one object over a plain background; setting "
                    + $"'model.architecture' {General} for the general model",
                PlainBackground: true
            )
            : new(
                General,
                $"the general model, with still negatives {GeneralStillNegatives}"
                    + (resize ? $" and resize-convolutions (frames of {ResizeFromSize}×{ResizeFromSize} or more)" : "")
                    + $", learning rates ramped down over the last {GeneralLearningRateRampDown:P0} of the run: "
                    + $"{share:P0} of {sampled.Count} sampled clips show one object over a plain background, "
                    + $"layered needs {LayeredShare:P0}",
                GeneralStillNegatives,
                resize ? Upsampling.Resize : null,
                GeneralLearningRateRampDown
            );
    }

    static Clip[] Sample(TrainingSet data)
    {
        int count = Math.Min(ProbeClips, data.Count);
        var set = data.ClipSet;
        return Enumerable
            .Range(0, count)
            .Select(i =>
            {
                using var clip = data.Clips[(long)i * data.Count / count];
                return new Clip(clip.data<byte>().ToArray(), set.Frames, set.Size, set.Size, set.Fps);
            })
            .ToArray();
    }
}
