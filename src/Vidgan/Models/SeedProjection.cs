using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Vidgan.Models;

/// <summary>Where the volume generators start: noise (+ a class embedding) → a seed volume (B, C, T₀, 4, 4), with
/// C = generator width × 2^levels and T₀ the clip length halved once per level that doubles time.</summary>
public sealed class SeedProjection : nn.Module<Tensor, Tensor?, Tensor>
{
    readonly Linear project;
    readonly Embedding? classEmbedding;

    public SeedProjection(ModelConfig config)
        : base(nameof(SeedProjection))
    {
        (Frames, TimeDoublings) = TimeSchedule.For(config.Frames, config.Levels);
        Channels = config.GeneratorWidth << config.Levels;
        int embedDim = config.Conditional ? 32 : 0;
        if (config.Conditional)
            classEmbedding = nn.Embedding(config.NumLabels, embedDim);
        project = nn.Linear(config.ZDim + embedDim, Channels * Frames * 16);
        RegisterComponents();
    }

    public int Channels { get; }
    public int Frames { get; }

    /// <summary>How many of the generator's levels (the first ones) double time as well as space.</summary>
    public int TimeDoublings { get; }

    public override Tensor forward(Tensor z, Tensor? classes)
    {
        var input =
            classEmbedding is null || classes is null ? z : torch.cat(new[] { z, classEmbedding.call(classes) }, 1);
        return project.call(input).view(-1, Channels, Frames, 4, 4);
    }
}
