using TorchSharp;
using static TorchSharp.torch;

namespace Vidgan.Models;

/// <summary>Architecture name → generator constructor. A new generator is one file plus one line here.</summary>
public static class ModelRegistry
{
    /// <param name="TakesContext">Whether the generator continues given frames (image → video, video → video).</param>
    /// <param name="SeparatesMotion">Whether the noise is [content (ZDim) | motion], so either part can move alone.</param>
    sealed record Entry(Func<ModelConfig, ClipGenerator> Create, Func<ModelConfig, int> NoiseDim, bool TakesContext = false,
        bool SeparatesMotion = false);

    static readonly Dictionary<string, Entry> Generators = new()
    {
        ["dcgan3d"] = new(c => new VideoGenerator(c), c => c.ZDim),
        ["mocogan"] = new(c => new MoCoGanGenerator(c), MoCoGanGenerator.NoiseDim, SeparatesMotion: true),
        ["layered"] = new(c => new LayeredGenerator(c), LayeredGenerator.NoiseDim, SeparatesMotion: true),
        ["resnet"] = new(c => new ResNetGenerator(c), c => c.ZDim),
        ["unet"] = new(c => new UNetGenerator(c), c => c.ZDim, TakesContext: true),
    };

    public static IReadOnlyCollection<string> Architectures => Generators.Keys;

    public static ClipGenerator CreateGenerator(ModelConfig config) => Find(config).Create(config);

    public static bool TakesContext(ModelConfig config) => Find(config).TakesContext;

    public static bool SeparatesMotion(ModelConfig config) => Find(config).SeparatesMotion;

    /// <summary>Length of the noise vector the generator takes per clip.</summary>
    public static int NoiseDim(ModelConfig config) => Find(config).NoiseDim(config);

    static Entry Find(ModelConfig config) =>
        Generators.TryGetValue(config.Architecture, out var entry) ? entry
            : throw new VidganException($"unknown architecture '{config.Architecture}': use {string.Join(", ", Generators.Keys)}", 2);
}
