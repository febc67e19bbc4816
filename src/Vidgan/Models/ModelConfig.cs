using Vidgan.Util;

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

    /// <summary>The video discriminator judges clips averaged down by this factor in H and W (a power of two, 1 = full
    /// size): it is there for motion, which survives the smaller picture, while the image discriminator judges the
    /// frames' detail at full size; at 2 its convolutions cost about a quarter. 1 in checkpoints written before the
    /// choice existed.</summary>
    public int VideoDownsample { get; init; } = 1;

    /// <summary>Kernel size of the discriminators' strided convolutions: 4 (DCGAN's) or 3, which gives the same
    /// output sizes with 44 % of the multiply-adds in 3-D and 56 % in 2-D. 4 in checkpoints written before the choice
    /// existed.</summary>
    public int DiscriminatorKernel { get; init; } = 4;

    /// <summary>Spatial levels of the video discriminator: from the down-sampled clip to 4×4.</summary>
    public int VideoLevels => Levels - (int)Math.Round(Math.Log2(VideoDownsample));

    /// <summary>The discriminators' convolutions. Checkpoints written before the choice existed read as conv, which
    /// they are.</summary>
    public DiscriminatorKind Discriminator { get; init; } = DiscriminatorKind.Conv;
    public bool ResidualDiscriminator => Discriminator == DiscriminatorKind.Resnet;

    /// <summary>The video discriminator reads each frame's change from the one before beside the frames themselves, so
    /// that still pictures cannot pass for video. Off in checkpoints written before the choice existed.</summary>
    public bool FrameDifferences { get; init; }

    /// <summary>The layered model's background is one colour per clip instead of a 4×4 picture smoothly enlarged. With
    /// the picture, the generator learned to draw objects as holes in a dark sprite through which a bright, colourful
    /// background shows, so that their colours swept as they moved (bench/results/demo-steps.md). Off in checkpoints
    /// written before the choice existed.</summary>
    public bool PlainBackground { get; init; }

    /// <summary>How many frame widths the layered model's sprite canvas spans: 1 or 2 (its decoder then draws one
    /// level more, at the same pixels per unit). On a frame-sized canvas the generator learned to magnify every sprite
    /// about ×1.24, which keeps the canvas's edges out of view but slows and enlarges the objects; twice as wide,
    /// they stay out of view wherever the sprite moves. Not the default: over the demo's seeds it lowered the Fréchet
    /// distance on one CPU kind and raised it on another, at a dearer step (bench/results/demo-steps.md, twenty-third
    /// round). 1 by default and in checkpoints written before the choice existed.</summary>
    public int SpriteCanvas { get; init; } = 1;

    /// <summary>How the mocogan frame decoder up-samples; transposed in checkpoints written before the choice
    /// existed.</summary>
    public Upsampling Upsampling { get; init; } = Upsampling.Transposed;

    /// <summary>Spectral normalization on every discriminator layer.</summary>
    public bool SpectralNorm { get; init; } = true;

    /// <summary>Weight of the auxiliary class loss (AC-GAN, Odena et al. 2017); above 0 the discriminators get a class
    /// head.</summary>
    public double AuxClassifierWeight { get; init; }

    /// <summary>What the generator is given besides noise (the class when <see cref="Classes"/> is set, or the first
    /// <see cref="ContextFrames"/> frames).</summary>
    public Condition Condition { get; init; } = Condition.None;

    /// <summary>Frames given to the generator: 0, 1 for image → video, K for video → video.</summary>
    public int ContextFrames { get; init; }

    public Objective Objective { get; init; } = Objective.Gan;
    public bool HasEncoder => Objective != Objective.Gan;

    /// <summary>The networks are given each training clip's source video beside its class, so that a class made of
    /// unrelated videos (cartoons from many films, say) is learned as several worlds instead of one average of them.
    /// Off in checkpoints written before the choice existed.</summary>
    public bool ConditionOnSource { get; init; }

    /// <summary>With <see cref="ConditionOnSource"/>, the networks' labels in index order: each a class and one of
    /// its training videos. Set by the trainer from the clips; empty otherwise.</summary>
    public IReadOnlyList<SourceLabel> Sources { get; init; } = Array.Empty<SourceLabel>();

    public int NumClasses => Classes.Count;
    public bool Conditional => Classes.Count > 0;

    /// <summary>How many labels the class embeddings hold: one per source video, else one per class.</summary>
    public int NumLabels => Sources.Count > 0 ? Sources.Count : NumClasses;

    /// <summary>The networks' label for a clip of class <paramref name="classIndex"/> drawn from
    /// <paramref name="seed"/>: the class itself, or, per source, one of the class's videos, the seed choosing which,
    /// so that consecutive seeds go round them all.</summary>
    public int Label(int classIndex, long seed)
    {
        if (Sources.Count == 0)
            return classIndex;
        int[] mine = Enumerable.Range(0, Sources.Count).Where(i => Sources[i].Class == classIndex).ToArray();
        return mine.Length == 0
            ? throw new VidganException($"this model has no source videos for class {ClassName(classIndex)}")
            : mine[(int)((ulong)seed % (ulong)mine.Length)];
    }

    /// <summary><see cref="Label"/> of each class with the seed beside it.</summary>
    public int[] Labels(IReadOnlyList<int> classes, IReadOnlyList<long> seeds) =>
        classes.Select((c, i) => Label(c, seeds[i])).ToArray();

    string ClassName(int index) => index >= 0 && index < Classes.Count ? Classes[index] : index.ToString();

    /// <summary>Number of 2× spatial steps between 4×4 and the clip size.</summary>
    public int Levels => (int)Math.Round(Math.Log2(Size / 4.0));

    public void Validate()
    {
        if (Size < 8 || (Size & (Size - 1)) != 0 || Size > 256)
            throw new VidganException($"size {Size} is not supported: use a power of two from 8 to 256", 2);
        if (Frames < 2 || Frames > 128)
            throw new VidganException($"frames {Frames} is not supported: use 2 to 128", 2);
        if (ZDim < 1 || GeneratorWidth < 1 || DiscriminatorWidth < 1)
            throw new VidganException("model widths must be positive", 2);
        if (AuxClassifierWeight < 0)
            throw new VidganException("setting 'model.aux_classifier_weight' must not be negative", 2);
        if (Condition == Condition.Class && !Conditional)
            throw new VidganException(
                "setting 'model.condition' class needs clips labelled with classes; these " + "clips have none",
                2
            );
        int expectedContext = Condition switch
        {
            Condition.Image => 1,
            Condition.Video => ContextFrames,
            _ => 0,
        };
        if (ContextFrames != expectedContext || (Condition == Condition.Video && ContextFrames < 1))
            throw new VidganException(
                Condition == Condition.Video
                    ? "setting 'model.condition' video needs setting 'model.context_frames' K of at least 1 frame"
                    : "setting 'model.context_frames' applies only to setting 'model.condition' video",
                2
            );
        if (ContextFrames >= Frames)
            throw new VidganException(
                $"setting 'model.context_frames' {ContextFrames} leaves nothing to predict in a {Frames}-frame "
                    + "clip: use at most "
                    + $"{Frames - 1}",
                2
            );
        if (ContextFrames > 0 && !ModelRegistry.TakesContext(this))
            throw new VidganException(
                $"setting 'model.architecture' {Architecture} draws clips from noise; setting 'model.condition' "
                    + $"{SettingNames.Name(Condition)} needs "
                    + "an architecture "
                    + $"that takes frames: {string.Join(" or ", ModelRegistry.ContextArchitectures)}",
                2
            );
        if (ContextFrames == 0 && ModelRegistry.NeedsContext(this))
            throw new VidganException(
                $"setting 'model.architecture' {Architecture} continues given frames: train it with setting "
                    + "'model.condition' image or setting 'model.condition' video",
                2
            );
        if (HasEncoder && (ContextFrames > 0 || ModelRegistry.NoiseDim(this) != ZDim))
            throw new VidganException(
                $"setting 'model.objective' {SettingNames.Name(Objective)} needs a generator drawn from one latent "
                    + "code: dcgan3d "
                    + $"or resnet, not {Architecture}",
                2
            );
        if (Upsampling != Upsampling.Transposed && Architecture != "mocogan")
            throw new VidganException(
                $"setting 'model.upsampling' applies to the mocogan frame decoder only, not {Architecture}",
                2
            );
        LayeredFromNoiseOnly(PlainBackground, "model.plain_background");
        if (SpriteCanvas is not (1 or 2))
            throw new VidganException($"setting 'model.sprite_canvas' must be 1 or 2, not {SpriteCanvas}", 2);
        LayeredFromNoiseOnly(SpriteCanvas != 1, "model.sprite_canvas");
        if (VideoDownsample < 1 || (VideoDownsample & (VideoDownsample - 1)) != 0 || Size / VideoDownsample < 8)
            throw new VidganException(
                $"setting 'model.video_downsample' {VideoDownsample} does not fit {Size}×{Size} clips: use a power of "
                    + $"two from 1 to {Size / 8}",
                2
            );
        if (DiscriminatorKernel is not (3 or 4))
            throw new VidganException(
                $"setting 'model.discriminator_kernel' must be 3 or 4, not {DiscriminatorKernel}",
                2
            );
        if (ConditionOnSource && Condition != Condition.Class)
            throw new VidganException(
                "setting 'model.condition_on_source' needs setting 'model.condition' class (clips labelled by class)",
                2
            );
        if (Sources.Any(s => s.Class < 0 || s.Class >= NumClasses) || (Sources.Count > 0 && !ConditionOnSource))
            throw new VidganException("setting 'model.sources' does not match the model's classes", 2);
        if (ImageFrames < 1 || ImageFrames > Frames)
            throw new VidganException("setting 'model.image_frames' must be between 1 and the clip length", 2);
    }

    void LayeredFromNoiseOnly(bool used, string setting)
    {
        if (used && (Architecture != "layered" || ContextFrames > 0))
            throw new VidganException(
                $"setting '{setting}' applies to the layered model drawing clips from noise only, not "
                    + (ContextFrames > 0 ? "to one continuing given frames" : Architecture),
                2
            );
    }

    public int ClassIndex(string name)
    {
        int i = Classes.ToList().IndexOf(name);
        if (i < 0)
            throw new VidganException(
                Conditional
                    ? $"unknown class '{name}': this model knows {string.Join(", ", Classes)}"
                    : $"this model is unconditional: it has no class '{name}'",
                2
            );
        return i;
    }
}
