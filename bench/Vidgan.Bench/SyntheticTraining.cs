using TorchSharp;
using Vidgan.Generation;
using Vidgan.Models;
using Vidgan.Runs;
using Vidgan.Training;
using static TorchSharp.torch;

namespace Vidgan.Bench;

/// <summary>A model at `vidgan train`'s defaults on 3 classes (hinge loss, spectral norm, auxiliary class loss), batch
/// 16, 16 frames, trained on random clips so that only the model is measured: the training and profile benchmarks'
/// subject.</summary>
public sealed class SyntheticTraining : IDisposable
{
    readonly MixedPrecision? mixed;
    readonly GanStep gan;
    readonly Tensor frameIndex;

    public SyntheticTraining(TrainConfig config)
    {
        Config = config;
        frameIndex = Scoring.EvenlySpaced(16, config.Model.ImageFrames);
        Models = new GanModels(config.Model, CPU);
        var optG = new ScalarSafe.Adam(Models.GeneratorSideParameters, 2e-4, 0.5, 0.999);
        var optD = new ScalarSafe.Adam(
            Models.VideoDiscriminator.parameters().Concat(Models.ImageDiscriminator.parameters()),
            2e-4,
            0.5,
            0.999
        );
        mixed = config.Precision == Precision.Bf16 ? new MixedPrecision(Models) : null;
        gan = mixed is null
            ? new GanStep(Models, new ParameterUpdate(optG), new ParameterUpdate(optD), config)
            : new GanStep(mixed.Working, mixed.GeneratorUpdate(optG), mixed.DiscriminatorUpdate(optD), config);
    }

    public static TrainConfig Defaults(string arch, int size, Precision precision, int? discriminatorWidth = null) =>
        new()
        {
            Model = new ModelConfig
            {
                Architecture = arch,
                Discriminator = ModelRegistry.DefaultDiscriminator(arch),
                Size = size,
                Frames = 16,
                Classes = ["a", "b", "c"],
                AuxClassifierWeight = 1,
                DiscriminatorWidth = discriminatorWidth ?? new ModelConfig().DiscriminatorWidth,
            },
            Batch = 16,
            Precision = precision,
        };

    public TrainConfig Config { get; }

    /// <summary>The float32 networks (checkpoints, EMA).</summary>
    public GanModels Models { get; }

    /// <summary>The networks that run the step: the bf16 working copy in bf16 runs.</summary>
    public GanModels Working => mixed?.Working ?? Models;

    public void Step()
    {
        using var scope = torch.NewDisposeScope();
        int size = Config.Model.Size;
        var real = torch.rand(new long[] { Config.Batch, 3, 16, size, size }).mul(2).sub(1);
        if (mixed != null)
            real = real.to(MixedPrecision.WorkingType);
        gan.Run(real, torch.randint(0, 3, new long[] { Config.Batch }), frameIndex);
        mixed?.SyncBuffers();
    }

    public void Dispose()
    {
        mixed?.Dispose();
        Models.Dispose();
        frameIndex.Dispose();
    }
}
