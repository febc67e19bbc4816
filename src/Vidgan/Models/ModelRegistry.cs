using TorchSharp;
using static TorchSharp.torch;

namespace Vidgan.Models;

/// <summary>Architecture name → generator constructor. A new generator is one file plus one line here.</summary>
public static class ModelRegistry
{
    sealed record Entry(Func<ModelConfig, nn.Module<Tensor, Tensor?, Tensor>> Create, Func<ModelConfig, int> NoiseDim);

    static readonly Dictionary<string, Entry> Generators = new()
    {
        ["dcgan3d"] = new(c => new VideoGenerator(c), c => c.ZDim),
        ["mocogan"] = new(c => new MoCoGanGenerator(c), MoCoGanGenerator.NoiseDim),
    };

    public static IReadOnlyCollection<string> Architectures => Generators.Keys;

    public static nn.Module<Tensor, Tensor?, Tensor> CreateGenerator(ModelConfig config) => Find(config).Create(config);

    /// <summary>Length of the noise vector the generator takes per clip.</summary>
    public static int NoiseDim(ModelConfig config) => Find(config).NoiseDim(config);

    static Entry Find(ModelConfig config) =>
        Generators.TryGetValue(config.Architecture, out var entry) ? entry
            : throw new VidganException($"unknown architecture '{config.Architecture}': use {string.Join(", ", Generators.Keys)}", 2);
}
