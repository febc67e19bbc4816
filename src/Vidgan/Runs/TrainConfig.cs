using Vidgan.Models;

namespace Vidgan.Runs;

/// <summary>A training run's settings, saved as <c>RUNDIR/config.json</c> and inside every checkpoint.</summary>
public sealed record TrainConfig
{
    public ModelConfig Model { get; init; } = new();
    public GanLoss Loss { get; init; } = GanLoss.Hinge;

    /// <summary>R1 penalty weight γ on real inputs (0 = off), applied every <see cref="R1Every"/> steps. On by default:
    /// on the demo's data it cut the run-to-run scatter of the layered model (class accuracy 66 → 82% on a bad
    /// seed).</summary>
    public double R1Gamma { get; init; } = 1;
    public int R1Every { get; init; } = 4;
    public double GradientPenaltyWeight { get; init; } = 10;
    public int Batch { get; init; } = 16;
    public double LearningRateG { get; init; } = 2e-4;
    public double LearningRateD { get; init; } = 2e-4;
    public double Beta1 { get; init; } = 0.5;
    public double Beta2 { get; init; } = 0.999;

    /// <summary>Fraction of a run (of its steps, else of its time budget), at its end, over which both learning
    /// rates fall to zero (0 = off).</summary>
    public double LearningRateRampDown { get; init; }
    public int Seed { get; init; } = 1;
    public bool Flip { get; init; } = true;

    /// <summary>Each batch takes the classes in turn, one random clip of each, instead of drawing its clips at
    /// random.</summary>
    public bool StratifiedBatches { get; init; }

    /// <summary>EMA half-life in clips seen, with StyleGAN's ramp-up (half-life ≤ 5% of clips seen so far).</summary>
    public double EmaHalfLifeClips { get; init; } = 10_000;
    public double EmaRampup { get; init; } = 0.05;

    /// <summary>Weight of the mode-seeking term (Mao et al. 2019) that rewards different clips for different
    /// noise.</summary>
    public double ModeSeeking { get; init; }

    /// <summary>Weight of still copies of real clips (one frame held for the whole clip) shown to the video
    /// discriminator as fakes, a negative augmentation (Sinha et al. 2021) that makes still pictures lose as
    /// video; 0 = off.</summary>
    public double StillNegatives { get; init; }

    /// <summary>β: weight of the KL term in the VAE objectives (1 = the evidence lower bound).</summary>
    public double KlWeight { get; init; } = 1;

    /// <summary>Weight of the VAE loss beside the GAN loss in the vae-gan objective.</summary>
    public double VaeWeight { get; init; } = 10;

    /// <summary>Differentiable augmentation before the discriminators: none, or a comma list of color, translation,
    /// cutout.</summary>
    public string Augment { get; init; } = "none";

    /// <summary>0: every augmentation applies to every clip. Above 0: each applies with a probability that adapts
    /// during the run (StyleGAN2-ADA), rising while the mean sign of the video discriminator's scores for real clips
    /// is above this target.</summary>
    public double AugmentTarget { get; init; }

    /// <summary>Weights of the L1 and L2 distances between predicted and true frames (conditional modes
    /// only).</summary>
    public double ReconstructionL1 { get; init; }
    public double ReconstructionL2 { get; init; }

    /// <summary>fp32, or bf16: forward and backward in bfloat16 with float32 master weights.</summary>
    public Precision Precision { get; init; } = Precision.Fp32;

    /// <summary>How <see cref="Precision"/> was chosen, as recorded when the run was set up (null in older
    /// runs).</summary>
    public PrecisionChoice? PrecisionChoice { get; init; }
    public int SampleEvery { get; init; } = 200;
    public int CheckpointEvery { get; init; } = 500;
    public int KeepCheckpoints { get; init; } = 2;

    /// <summary>Minutes of training between quality readings (a judge-free Fréchet distance to held-out clips, and one
    /// at the end of the run); 0 turns them off.</summary>
    public double QualityEveryMinutes { get; init; } = 5;

    /// <summary>A year: the most minutes a time setting takes. Longer is a typo, and far longer overflows a
    /// duration.</summary>
    public const double MaxMinutes = 525_600;
    public string ClipSetKey { get; init; } = "";
    public string Library { get; init; } = "";

    public void Validate()
    {
        Model.Validate();
        if (R1Gamma < 0 || R1Every < 1 || GradientPenaltyWeight < 0)
            throw new VidganException("setting 'r1_gamma' must be ≥ 0 and setting 'r1_every' ≥ 1", 2);
        if (Batch < 1 || Batch > 4096)
            throw new VidganException("setting 'batch' must be between 1 and 4096", 2);
        if (LearningRateG <= 0 || LearningRateD <= 0)
            throw new VidganException("learning rates must be positive", 2);
        if (LearningRateRampDown is < 0 or > 1)
            throw new VidganException("setting 'learning_rate_ramp_down' must be between 0 and 1", 2);
        if (Beta1 is < 0 or >= 1 || Beta2 is < 0 or >= 1)
            throw new VidganException("Adam betas must be in [0, 1)", 2);
        if (SampleEvery < 1 || CheckpointEvery < 1)
            throw new VidganException("setting 'sample_every' and setting 'checkpoint_every' must be at least 1", 2);
        if (!(QualityEveryMinutes >= 0 && QualityEveryMinutes <= MaxMinutes))
            throw new VidganException(
                $"setting 'quality_every_minutes' must be between 0 and {MaxMinutes:0} (a year)",
                2
            );
        if (ModeSeeking < 0)
            throw new VidganException("setting 'mode_seeking' must not be negative", 2);
        if (StillNegatives < 0)
            throw new VidganException("setting 'still_negatives' must not be negative", 2);
        Augmentations.Parse(Augment);
        if (AugmentTarget is < 0 or >= 1)
            throw new VidganException("setting 'augment_target' must be at least 0 and below 1", 2);
        if (KlWeight < 0 || VaeWeight < 0)
            throw new VidganException("setting 'kl_weight' and setting 'vae_weight' must not be negative", 2);
        if (ReconstructionL1 < 0 || ReconstructionL2 < 0)
            throw new VidganException(
                "setting 'reconstruction_l1' and setting 'reconstruction_l2' must not be " + "negative",
                2
            );
        if ((ReconstructionL1 > 0 || ReconstructionL2 > 0) && Model.ContextFrames == 0)
            throw new VidganException(
                "setting 'reconstruction_l1'/setting 'reconstruction_l2' compare predicted frames with true ones: "
                    + "they need setting 'model.condition' image or video",
                2
            );
        if (ModeSeeking > 0 && Model.ContextFrames > 0)
            throw new VidganException(
                "setting 'mode_seeking' applies to models drawn from noise alone, not setting 'model.condition' "
                    + "image or video",
                2
            );
        if (KeepCheckpoints < 1)
            throw new VidganException("setting 'keep_checkpoints' must be at least 1", 2);
    }

    public double EmaBeta(long clipsSeen)
    {
        double halfLife = Math.Min(EmaHalfLifeClips, clipsSeen * EmaRampup);
        return halfLife <= 0 ? 0 : Math.Pow(0.5, Batch / halfLife);
    }
}
