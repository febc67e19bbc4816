using TorchSharp;
using TorchSharp.Modules;
using Vidgan.Models;
using static TorchSharp.torch;

namespace Vidgan.Training;

/// <summary>bfloat16 training with float32 master weights. A bf16 working copy of the generator and discriminators
/// runs forward and backward (on this CPU bf16 convolutions are about twice as fast as float32); the optimizers keep
/// and update the float32 weights, which are copied back after every step. Checkpoints, the EMA generator and
/// sampling only ever see the float32 networks.</summary>
public sealed class MixedPrecision : IDisposable
{
    public const ScalarType WorkingType = ScalarType.BFloat16;
    readonly GanModels master;

    public MixedPrecision(GanModels master)
    {
        this.master = master;
        Working = TorchRandom.Build(() => new GanModels(master.Config, master.Device));
        foreach (var (_, work) in ModulePairs)
            work.to(WorkingType);
        using var _ = torch.no_grad();
        foreach (var (m, w) in ModulePairs)
        foreach (var (pm, pw) in Pairs(m, w))
            pw.copy_(pm);
        CopyBuffers(toMaster: false);
    }

    public GanModels Working { get; }

    IEnumerable<(nn.Module Master, nn.Module Work)> ModulePairs
    {
        get
        {
            yield return (master.Generator, Working.Generator);
            yield return (master.VideoDiscriminator, Working.VideoDiscriminator);
            yield return (master.ImageDiscriminator, Working.ImageDiscriminator);
            if (master.Encoder != null)
                yield return (master.Encoder, Working.Encoder!);
        }
    }

    public ParameterUpdate GeneratorUpdate(OptimizerHelper optimizer) =>
        new(
            optimizer,
            Pairs(master.Generator, Working.Generator)
                .Concat(master.Encoder != null ? Pairs(master.Encoder, Working.Encoder!) : [])
                .ToList()
        );

    public ParameterUpdate DiscriminatorUpdate(OptimizerHelper optimizer) =>
        new(
            optimizer,
            Pairs(master.VideoDiscriminator, Working.VideoDiscriminator)
                .Concat(Pairs(master.ImageDiscriminator, Working.ImageDiscriminator))
                .ToList()
        );

    /// <summary>Batch-norm statistics and spectral-norm vectors live in the working copy during training; this copies
    /// them to the float32 networks (after each step, so the EMA generator and checkpoints see them).</summary>
    public void SyncBuffers() => CopyBuffers(toMaster: true);

    void CopyBuffers(bool toMaster)
    {
        using var _ = torch.no_grad();
        foreach (var (m, w) in ModulePairs)
        {
            var work = w.named_buffers().ToDictionary(b => b.name, b => b.buffer);
            foreach (var (name, buffer) in m.named_buffers())
                if (toMaster)
                    buffer.copy_(work[name]);
                else
                    work[name].copy_(buffer);
        }
    }

    static IEnumerable<(Parameter Master, Parameter Work)> Pairs(nn.Module master, nn.Module work)
    {
        var working = work.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        return master.named_parameters().Select(p => (p.parameter, working[p.name]));
    }

    public void Dispose() => Working.Dispose();
}
