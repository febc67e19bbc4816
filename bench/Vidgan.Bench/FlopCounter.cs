using TorchSharp.Modules;
using Vidgan.Models;
using static TorchSharp.torch;

namespace Vidgan.Bench;

/// <summary>Counts multiply-add FLOPs (2 per multiply-accumulate) of the convolutions and dense layers a forward pass
/// runs, through forward hooks. Norms and activations are left out, as FLOP counts usually do.</summary>
public sealed class FlopCounter : IDisposable
{
    readonly List<Action> removers = new();
    public double Flops { get; private set; }

    public FlopCounter(params nn.Module[] roots)
    {
        foreach (var root in roots)
        foreach (var (_, module) in root.named_modules().Prepend(("", root)))
            if (module is nn.Module<Tensor, Tensor> layer && Cost(layer) is { } cost)
            {
                var hook = layer.register_forward_hook(
                    (m, input, output) =>
                    {
                        Flops += cost(input, output);
                        return output;
                    }
                );
                removers.Add(hook.remove);
            }
    }

    static Func<Tensor, Tensor, double>? Cost(nn.Module<Tensor, Tensor> layer) =>
        layer switch
        {
            // Hooks fire only when a module is invoked with call(), not forward(): the models call() the layers that
            // count. Each output element of a convolution is a dot product over (input channels / groups) × kernel
            // volume.
            Conv3d c => (_, o) => 2.0 * o.numel() * PerOutput(c.weight!),
            Conv2d c => (_, o) => 2.0 * o.numel() * PerOutput(c.weight!),
            NormalizedLayer n => (_, o) => 2.0 * o.numel() * PerOutput(n.Weight),
            ChannelsLastConv c when !c.Transposed => (_, o) => 2.0 * o.numel() * PerOutput(c.Weight),
            ChannelsLastConv c => (i, _) => 2.0 * i.numel() * PerOutput(c.Weight),
            // Folded to 2×2 taps (4 of the 3×3 kernel's 9), computed once per frame before frames are repeated.
            UpsamplingConv u => (_, o) => 2.0 * o.numel() / u.FrameRepeats * PerOutput(u.Weight) * 4 / 9,
            // A transposed convolution scatters each input element to (output channels) × kernel volume places.
            ConvTranspose3d t => (i, _) => 2.0 * i.numel() * PerOutput(t.weight!),
            ConvTranspose2d t => (i, _) => 2.0 * i.numel() * PerOutput(t.weight!),
            Linear l => (_, o) => 2.0 * o.numel() * l.weight!.shape[1],
            _ => null,
        };

    static double PerOutput(Tensor weight) => weight.shape.Skip(1).Aggregate(1L, (a, b) => a * b);

    public void Reset() => Flops = 0;

    public void Dispose()
    {
        foreach (var remove in removers)
            remove();
    }
}
