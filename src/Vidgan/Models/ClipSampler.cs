using TorchSharp;
using Vidgan.Util;
using static TorchSharp.torch;

namespace Vidgan.Models;

/// <summary>Draws clips from a generator. Each clip's noise comes from its own seed, so a seed names one clip
/// whatever else is generated with it.</summary>
public static class ClipSampler
{
    /// <summary>The most clips a forward pass takes on a GPU.</summary>
    public const int MaxBatchSize = 16;

    /// <summary>Pixels (clips × frames × height × width) per forward pass on the CPU.</summary>
    public const int CpuBatchPixels = 1 << 17;

    /// <summary>Clips per forward pass when a generator draws clips of this shape. On the CPU, batches whose
    /// activations stay in the caches draw more clips a second than larger ones (`bench … generation --batches`),
    /// so a batch holds <see cref="CpuBatchPixels"/> pixels there: 8 clips of 32×32×16, 2 of 64×64×16.</summary>
    public static int BatchSize(long frames, long height, long width, Device device) =>
        device.type != DeviceType.CPU
            ? MaxBatchSize
            : (int)Math.Clamp(CpuBatchPixels / Math.Max(1, frames * height * width), 1, MaxBatchSize);

    /// <param name="truncation">When set, values with |z| above it are redrawn (BigGAN's truncation trick):
    /// smaller values trade variety for typical, cleaner clips.</param>
    public static Tensor Noise(IReadOnlyList<long> seeds, int zDim, Device device, double? truncation = null)
    {
        if (truncation is <= 0)
            throw new VidganException("setting 'truncation' must be positive", 2);
        var rows = new Tensor[seeds.Count];
        for (int i = 0; i < seeds.Count; i++)
        {
            using var gen = new torch.Generator((ulong)seeds[i]);
            var row = torch.randn(new long[] { 1, zDim }, generator: gen);
            for (int round = 0; truncation is double t && round < 1000; round++)
            {
                using var outside = row.abs().gt(t);
                if (!outside.any().item<bool>())
                    break;
                using var fresh = torch.randn(new long[] { 1, zDim }, generator: gen);
                row = torch.where(outside, fresh, row);
            }
            rows[i] = row;
        }
        var noise = torch.cat(rows, 0).to(device);
        foreach (var r in rows)
            r.Dispose();
        return noise;
    }

    /// <summary>Clips (N, 3, T, H, W) in [-1, 1] from <paramref name="generator"/> in eval mode, in its precision
    /// (float32 unless it was cast for inference).</summary>
    /// <param name="batch">Clips per forward pass; by default <see cref="BatchSize"/>.</param>
    public static Tensor Sample(
        ClipGenerator generator,
        ModelConfig config,
        Device device,
        IReadOnlyList<long> seeds,
        IReadOnlyList<int>? classes,
        double? truncation = null,
        Tensor? context = null,
        int? batch = null
    )
    {
        using var z = Noise(seeds, ModelRegistry.NoiseDim(config), CPU, truncation);
        var labels = config.Conditional && classes != null ? config.Labels(classes, seeds) : null;
        return SampleNoise(generator, config, device, z, labels, context, batch);
    }

    /// <summary>Clips from explicit noise rows (N, noise size), for interpolation and other noise edits.</summary>
    /// <param name="labels">The networks' labels (<see cref="ModelConfig.Labels"/>), ignored by unconditional
    /// models.</param>
    /// <param name="context">Given frames (N, 3, K, H, W) in [-1, 1] for models that continue them; else null.</param>
    public static Tensor SampleNoise(
        ClipGenerator generator,
        ModelConfig config,
        Device device,
        Tensor noise,
        IReadOnlyList<int>? labels,
        Tensor? context = null,
        int? batch = null
    )
    {
        if ((context is not null) != (config.ContextFrames > 0))
            throw new VidganException(
                config.ContextFrames > 0
                    ? $"this model continues given frames ({SettingNames.Name(config.Condition)} → video): give it "
                        + $"setting 'from_{SettingNames.Name(config.Condition)}' or test clips"
                    : "this model draws clips from noise; setting 'from_image' and setting 'from_video' need a "
                        + "model trained with "
                        + "setting 'model.condition' image or video",
                2
            );
        long count = noise.shape[0];
        bool wasTraining = generator.training;
        generator.eval();
        try
        {
            using var _ = torch.no_grad();
            using var fixedWeights = DerivedWeights.Reuse();
            var dtype = generator.parameters().First().dtype;
            int size = batch ?? BatchSize(config.Frames, config.Size, config.Size, device);
            // Each batch is copied into one tensor allocated once: a list of parts joined at the end would hold the
            // clips twice, and every page of fresh memory costs a page fault. It keeps the generator's own type: a
            // float32 copy of bf16 clips would hold the same values in twice the memory.
            Tensor? all = null;
            for (int start = 0; start < count; start += size)
            {
                using var scope = torch.NewDisposeScope();
                int n = (int)Math.Min(size, count - start);
                var z = noise.narrow(0, start, n).to(dtype, device);
                Tensor? y =
                    config.Conditional && labels != null
                        ? torch.tensor(labels.Skip(start).Take(n).Select(c => (long)c).ToArray(), device: device)
                        : null;
                var given = context?.narrow(0, start, n).to(dtype, device);
                var clips = generator.Generate(z, y, given);
                all ??= torch.empty([count, .. clips.shape[1..]], clips.dtype, CPU).MoveToOuterDisposeScope();
                all.narrow(0, start, n).copy_(clips);
            }
            return all ?? throw new ArgumentException("there is no noise row to sample from", nameof(noise));
        }
        finally
        {
            generator.train(wasTraining);
        }
    }
}
