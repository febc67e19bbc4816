using TorchSharp;
using static TorchSharp.torch;

namespace Vidgan.Models;

/// <summary>Architecture name → generator constructor. A new generator is one file plus one line here.</summary>
public static class ModelRegistry
{
    static readonly Dictionary<string, Func<ModelConfig, nn.Module<Tensor, Tensor?, Tensor>>> Generators = new()
    {
        ["dcgan3d"] = c => new VideoGenerator(c),
    };

    public static IReadOnlyCollection<string> Architectures => Generators.Keys;

    public static nn.Module<Tensor, Tensor?, Tensor> CreateGenerator(ModelConfig config) =>
        Generators.TryGetValue(config.Architecture, out var create) ? create(config)
            : throw new VidganException($"unknown architecture '{config.Architecture}': use {string.Join(", ", Generators.Keys)}", 2);
}
