using Vidgan.Runs;
using static TorchSharp.torch;

namespace Vidgan.Training;

/// <summary>A run's differentiable augmentation and the probability with which each of its operations is applied to
/// a clip. With a target (StyleGAN2-ADA's heuristic, Karras et al. 2020) the probability starts at 0 and follows how
/// sure the video discriminator is of the real clips: while the share of real clips it scores positive, minus the
/// share it scores negative, stays above the target, it is overfitting them and the probability rises; below, it
/// falls. Without a target every operation applies to every clip (DiffAugment).</summary>
public sealed class AdaptiveAugment
{
    /// <summary>Steps between adjustments.</summary>
    public const int Interval = 4;

    /// <summary>Clips over which the probability can go from 0 to 1. StyleGAN2-ADA allows 500,000 images; a CPU run
    /// of half an hour sees about 70,000 clips, so it has to follow faster.</summary>
    public const double ClipsFromZeroToOne = 20_000;

    readonly string[] operations;
    readonly double target;
    double signSum;
    long judged,
        observations;

    public double Probability { get; private set; }

    /// <summary>The mean sign of the video discriminator's scores for real clips over the last interval (null before
    /// the first).</summary>
    public double? Overfitting { get; private set; }

    /// <param name="saved">The probability a resumed run's checkpoint recorded.</param>
    public AdaptiveAugment(TrainConfig config, double? saved = null)
    {
        operations = Augmentations.Parse(config.Augment);
        target = config.AugmentTarget;
        Probability =
            operations.Length == 0 ? 0
            : Adapts ? saved ?? 0
            : 1;
    }

    public bool Adapts => target > 0 && operations.Length > 0;

    /// <param name="clips">(B, C, T, H, W) in [-1, 1].</param>
    public Tensor Apply(Tensor clips) => Probability <= 0 ? clips : DiffAugment.Apply(clips, operations, Probability);

    /// <summary>Counts the signs of the video discriminator's scores for this step's real clips and moves the
    /// probability every <see cref="Interval"/> steps.</summary>
    public void Observe(Tensor realScores)
    {
        if (!Adapts)
            return;
        signSum += realScores.detach().sign().sum().to_type(ScalarType.Float64).item<double>();
        judged += realScores.shape[0];
        if (++observations % Interval != 0)
            return;
        Overfitting = signSum / Math.Max(1, judged);
        double move = judged / ClipsFromZeroToOne;
        Probability = Math.Clamp(Probability + Math.Sign(Overfitting.Value - target) * move, 0, 1);
        signSum = 0;
        judged = 0;
    }
}
