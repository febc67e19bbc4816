using TorchSharp;
using static TorchSharp.torch;

namespace Vidgan.Models;

/// <summary>The networks of one video GAN: generator, its EMA copy (used for sampling), and the video and image
/// discriminators.</summary>
public sealed class GanModels : IDisposable
{
    public GanModels(ModelConfig config, Device device)
    {
        config.Validate();
        Config = config;
        Device = device;
        Generator = ModelRegistry.CreateGenerator(config).to(device);
        GeneratorEma = ModelRegistry.CreateGenerator(config).to(device);
        VideoDiscriminator = new VideoDiscriminator(config).to(device);
        ImageDiscriminator = new ImageDiscriminator(config).to(device);
        if (config.HasEncoder)
            Encoder = new ClipEncoder(config).to(device);
        CopyInto(GeneratorEma, Generator);
        GeneratorEma.eval();
        foreach (var p in GeneratorEma.parameters())
            p.requires_grad = false;
    }

    public ModelConfig Config { get; }
    public Device Device { get; }
    public ClipGenerator Generator { get; }
    public ClipGenerator GeneratorEma { get; }
    public VideoDiscriminator VideoDiscriminator { get; }
    public ImageDiscriminator ImageDiscriminator { get; }

    /// <summary>The VAE's encoder (objectives vae and vae-gan); trained with the generator.</summary>
    public ClipEncoder? Encoder { get; }

    /// <summary>What the generator's optimizer updates: the generator, and the encoder when there is one.</summary>
    public IEnumerable<TorchSharp.Modules.Parameter> GeneratorSideParameters =>
        Encoder is null ? Generator.parameters() : Generator.parameters().Concat(Encoder.parameters());

    /// <summary>ema ← β·ema + (1−β)·g for parameters; buffers (batch-norm statistics) are copied.</summary>
    public void UpdateEma(double beta)
    {
        using var _ = torch.no_grad();
        using Scalar keep = beta.ToScalar(),
            take = (1 - beta).ToScalar();
        var source = Generator.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        foreach (var (name, p) in GeneratorEma.named_parameters())
            p.mul_(keep).add_(source[name], alpha: take);
        var buffers = Generator.named_buffers().ToDictionary(b => b.name, b => b.buffer);
        foreach (var (name, b) in GeneratorEma.named_buffers())
            b.copy_(buffers[name]);
    }

    static void CopyInto(nn.Module target, nn.Module source)
    {
        using var _ = torch.no_grad();
        var src = source.state_dict();
        foreach (var (name, t) in target.state_dict())
            t.copy_(src[name]);
    }

    /// <summary>Casts every network to <paramref name="type"/>, for models loaded only to sample and score (generate
    /// in bf16); training keeps float32 master weights instead (see Training.MixedPrecision).</summary>
    public void CastForInference(ScalarType type)
    {
        foreach (var (_, module) in Networks)
            module.to(type);
    }

    public static long ParameterCount(nn.Module m) => m.parameters().Sum(p => p.numel());

    /// <summary>The first parameter or floating-point buffer (as network.name) that holds NaN or ±∞, or null when all
    /// are finite. The trainer asks after every step, so finite weights cost one sum per tensor and one device sync
    /// (an isfinite and an all per tensor cost ten times as much); only a non-finite total looks at each tensor, to
    /// name it.</summary>
    public string? FirstNonFinite()
    {
        using var scope = torch.NewDisposeScope();
        using var _ = torch.no_grad();
        var named = Networks
            .SelectMany(n =>
                n.Module.named_parameters()
                    .Select(p => ($"{n.Name}.{p.name}", (Tensor)p.parameter))
                    .Concat(
                        n.Module.named_buffers()
                            .Where(b => b.buffer.is_floating_point())
                            .Select(b => ($"{n.Name}.{b.name}", b.buffer))
                    )
            )
            .ToList();
        if (named.Count == 0)
            return null;
        // A NaN or ±∞ anywhere makes the total non-finite; so can finite values whose sum overflows: settled below.
        var sums = named.Select(t => t.Item2.sum(type: ScalarType.Float32)).ToArray();
        if (torch.stack(sums).sum().isfinite().item<bool>())
            return null;
        var finite = torch
            .stack(named.Select(t => torch.isfinite(t.Item2).all()).ToArray())
            .cpu()
            .data<bool>()
            .ToArray();
        int bad = Array.IndexOf(finite, false);
        return bad < 0 ? null : named[bad].Item1;
    }

    IEnumerable<(string Name, nn.Module Module)> Networks
    {
        get
        {
            yield return ("generator", Generator);
            yield return ("generator_ema", GeneratorEma);
            yield return ("video_discriminator", VideoDiscriminator);
            yield return ("image_discriminator", ImageDiscriminator);
            if (Encoder is not null)
                yield return ("encoder", Encoder);
        }
    }

    public void Dispose()
    {
        Generator.Dispose();
        GeneratorEma.Dispose();
        VideoDiscriminator.Dispose();
        ImageDiscriminator.Dispose();
        Encoder?.Dispose();
    }
}
