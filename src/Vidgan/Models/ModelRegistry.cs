namespace Vidgan.Models;

/// <summary>Architecture name → generator constructor. A new generator is one file plus one line here.</summary>
public static class ModelRegistry
{
    /// <param name="TakesContext">Whether the generator can continue given frames (image → video, video →
    /// video).</param> <param name="NeedsContext">Whether it can only continue given frames, never draw a clip from
    /// noise alone.</param> <param name="SeparatesMotion">Whether the noise is [content (ZDim) | motion], so either
    /// part can move alone.</param> <param name="Discriminator">The discriminators `vidgan train` pairs it with unless
    /// told otherwise.</param>
    sealed record Entry(
        Func<ModelConfig, ClipGenerator> Create,
        Func<ModelConfig, int> NoiseDim,
        bool TakesContext = false,
        bool NeedsContext = false,
        bool SeparatesMotion = false,
        DiscriminatorKind Discriminator = DiscriminatorKind.Conv
    );

    /// <summary>The architectures' names, apart from their constructors: naming them (for `vidgan train --help`, say)
    /// must not load TorchSharp and libtorch, which the constructors' types do.</summary>
    public static IReadOnlyList<string> Architectures { get; } = ["dcgan3d", "mocogan", "layered", "resnet", "unet"];

    /// <summary>Built on first use of a generator, so only commands that make one load libtorch.</summary>
    static class Registered
    {
        public static readonly Dictionary<string, Entry> Generators = Checked(
            new()
            {
                ["dcgan3d"] = new(c => new VideoGenerator(c), c => c.ZDim),
                ["mocogan"] = new(c => new MoCoGanGenerator(c), MoCoGanGenerator.NoiseDim, SeparatesMotion: true),
                ["layered"] = new(
                    c => c.ContextFrames > 0 ? new LayeredContinuation(c) : new LayeredGenerator(c),
                    LayeredGenerator.NoiseDim,
                    TakesContext: true,
                    SeparatesMotion: true
                ),
                ["resnet"] = new(c => new ResNetGenerator(c), c => c.ZDim, Discriminator: DiscriminatorKind.Resnet),
                ["unet"] = new(c => new UNetGenerator(c), c => c.ZDim, TakesContext: true, NeedsContext: true),
            }
        );

        static Dictionary<string, Entry> Checked(Dictionary<string, Entry> generators) =>
            generators.Keys.SequenceEqual(Architectures)
                ? generators
                : throw new InvalidOperationException(
                    "ModelRegistry.Architectures must name every generator, in order"
                );
    }

    public static ClipGenerator CreateGenerator(ModelConfig config) => Find(config).Create(config);

    public static bool TakesContext(ModelConfig config) => Find(config).TakesContext;

    public static bool NeedsContext(ModelConfig config) => Find(config).NeedsContext;

    /// <summary>The architectures that can continue given frames.</summary>
    public static IEnumerable<string> ContextArchitectures =>
        Registered.Generators.Where(g => g.Value.TakesContext).Select(g => g.Key);

    public static bool SeparatesMotion(ModelConfig config) => Find(config).SeparatesMotion;

    /// <summary>The discriminator kind an architecture trains with by default.</summary>
    public static DiscriminatorKind DefaultDiscriminator(string architecture) =>
        Find(new ModelConfig { Architecture = architecture }).Discriminator;

    /// <summary>Length of the noise vector the generator takes per clip.</summary>
    public static int NoiseDim(ModelConfig config) => Find(config).NoiseDim(config);

    static Entry Find(ModelConfig config) =>
        Registered.Generators.TryGetValue(config.Architecture, out var entry)
            ? entry
            : throw new VidganException(
                $"unknown architecture '{config.Architecture}': use {string.Join(", ", Architectures)}",
                2
            );
}
