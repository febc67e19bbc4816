namespace Vidgan.Models;

/// <summary>Everything needed to rebuild a model's networks; stored in every checkpoint.</summary>
public sealed record ModelConfig
{
    public string Architecture { get; init; } = "resnet";
    public int Size { get; init; } = 32;
    public int Frames { get; init; } = 16;
    public int ZDim { get; init; } = 128;
    /// <summary>Class names in index order; empty means an unconditional model.</summary>
    public IReadOnlyList<string> Classes { get; init; } = Array.Empty<string>();
    public int GeneratorWidth { get; init; } = 16;
    public int DiscriminatorWidth { get; init; } = 32;
    /// <summary>How many frames of each clip the image discriminator judges.</summary>
    public int ImageFrames { get; init; } = 4;
    /// <summary>The discriminators' convolutions: conv (a plain strided stack, DCGAN's) or resnet (residual down-sampling
    /// blocks after the first layer). Checkpoints written before the choice existed read as conv, which they are.</summary>
    public string Discriminator { get; init; } = "conv";
    public static readonly string[] Discriminators = { "conv", "resnet" };
    public bool ResidualDiscriminator => Discriminator == "resnet";
    /// <summary>Spectral normalization on every discriminator layer.</summary>
    public bool SpectralNorm { get; init; } = true;
    /// <summary>Weight of the auxiliary class loss (AC-GAN, Odena et al. 2017); above 0 the discriminators get a class head.</summary>
    public double AuxClassifierWeight { get; init; }
    /// <summary>What the generator is given: none or class (noise, plus the class when <see cref="Classes"/> is set),
    /// image (the first frame) or video (the first <see cref="ContextFrames"/> frames).</summary>
    public string Condition { get; init; } = "none";
    /// <summary>Frames given to the generator: 0, 1 for image → video, K for video → video.</summary>
    public int ContextFrames { get; init; }

    public static readonly string[] Conditions = { "none", "class", "image", "video" };

    /// <summary>gan; vae (an encoder plus the generator as decoder, trained on the evidence lower bound); or vae-gan
    /// (both losses on one decoder, as SAVP combines them).</summary>
    public string Objective { get; init; } = "gan";
    public bool HasEncoder => Objective != "gan";

    public int NumClasses => Classes.Count;
    public bool Conditional => Classes.Count > 0;

    /// <summary>Number of 2× spatial steps between 4×4 and the clip size.</summary>
    public int Levels => (int)Math.Round(Math.Log2(Size / 4.0));

    public void Validate()
    {
        if (Size < 8 || (Size & (Size - 1)) != 0 || Size > 256)
            throw new VidganException($"size {Size} is not supported: use a power of two from 8 to 256", 2);
        if (Frames < 2 || Frames > 128) throw new VidganException($"frames {Frames} is not supported: use 2 to 128", 2);
        if (ZDim < 1 || GeneratorWidth < 1 || DiscriminatorWidth < 1) throw new VidganException("model widths must be positive", 2);
        if (!Discriminators.Contains(Discriminator))
            throw new VidganException($"unknown discriminator '{Discriminator}': use {string.Join(", ", Discriminators)}", 2);
        if (AuxClassifierWeight < 0) throw new VidganException("--aux-classifier must not be negative", 2);
        if (!Conditions.Contains(Condition)) throw new VidganException($"unknown condition '{Condition}': use {string.Join(", ", Conditions)}", 2);
        if (Condition == "class" && !Conditional) throw new VidganException("--condition class needs clips labelled with classes; these clips have none", 2);
        int expectedContext = Condition switch { "image" => 1, "video" => ContextFrames, _ => 0 };
        if (ContextFrames != expectedContext || (Condition == "video" && ContextFrames < 1))
            throw new VidganException(Condition == "video" ? "--condition video needs --context K of at least 1 frame" : "--context applies only to --condition video", 2);
        if (ContextFrames >= Frames)
            throw new VidganException($"--context {ContextFrames} leaves nothing to predict in a {Frames}-frame clip: use at most {Frames - 1}", 2);
        if (ContextFrames > 0 && !ModelRegistry.TakesContext(this))
            throw new VidganException($"--arch {Architecture} draws clips from noise; --condition {Condition} needs an architecture " +
                                      $"that takes frames: {string.Join(" or ", ModelRegistry.ContextArchitectures)}", 2);
        if (ContextFrames == 0 && ModelRegistry.NeedsContext(this))
            throw new VidganException($"--arch {Architecture} continues given frames: train it with --condition image or --condition video", 2);
        if (Objective is not ("gan" or "vae" or "vae-gan")) throw new VidganException($"unknown objective '{Objective}': use gan, vae or vae-gan", 2);
        if (HasEncoder && (ContextFrames > 0 || ModelRegistry.NoiseDim(this) != ZDim))
            throw new VidganException($"--objective {Objective} needs a generator drawn from one latent code: dcgan3d or resnet, not {Architecture}", 2);
        if (ImageFrames < 1 || ImageFrames > Frames) throw new VidganException("--image-frames must be between 1 and the clip length", 2);
    }

    public int ClassIndex(string name)
    {
        int i = Classes.ToList().IndexOf(name);
        if (i < 0) throw new VidganException(
            Conditional ? $"unknown class '{name}': this model knows {string.Join(", ", Classes)}"
                        : $"this model is unconditional: it has no class '{name}'", 2);
        return i;
    }
}
