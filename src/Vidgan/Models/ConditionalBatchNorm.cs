using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Vidgan.Models;

/// <summary>3D batch norm whose scale and shift come from the class (BigGAN's conditional batch norm), so the class
/// steers every layer of the generator rather than only its input. Unconditional models use learned scale and
/// shift.</summary>
public sealed class ConditionalBatchNorm : nn.Module<Tensor, Tensor?, Tensor>
{
    readonly BatchNorm3d norm;
    readonly Embedding? gain,
        shift;
    readonly Parameter? weight,
        bias;

    public ConditionalBatchNorm(long channels, int classes)
        : base(nameof(ConditionalBatchNorm))
    {
        norm = nn.BatchNorm3d(channels, affine: false);
        if (classes > 0)
        {
            gain = nn.Embedding(classes, channels);
            shift = nn.Embedding(classes, channels);
        }
        else
        {
            weight = new Parameter(torch.ones(channels));
            bias = new Parameter(torch.zeros(channels));
        }
        RegisterComponents();
        Reset();
    }

    /// <summary>Starts near the identity: gains 1 + N(0, 0.02), shifts 0. Call after any whole-network
    /// initialisation.</summary>
    public void Reset()
    {
        using var _ = torch.no_grad();
        Init.Normal(gain?.weight ?? weight!, 1.0, 0.02);
        nn.init.zeros_(shift?.weight ?? bias!);
    }

    public override Tensor forward(Tensor x, Tensor? classes)
    {
        var (g, b) = Affine(x, classes);
        if (!training)
            return Folded(x, g, b);
        var h = norm.forward(x);
        return h * g.view(g.shape[0], -1, 1, 1, 1) + b.view(b.shape[0], -1, 1, 1, 1);
    }

    /// <summary>Outside training the normalisation is a fixed affine map per channel, so it and the class's gain
    /// and shift become one scale and one shift per clip and channel: one pass over the activations instead of
    /// three, and one tensor allocated instead of three.</summary>
    Tensor Folded(Tensor x, Tensor g, Tensor b)
    {
        var mean = norm.running_mean!.to(ScalarType.Float32);
        using var eps = norm.eps.ToScalar();
        var invStd = norm.running_var!.to(ScalarType.Float32).add(eps, ScalarSafe.One).rsqrt_();
        var scale = g.to(ScalarType.Float32) * invStd;
        var shift = b.to(ScalarType.Float32) - mean * scale;
        var shape = new long[] { scale.shape[0], -1, 1, 1, 1 };
        return torch.addcmul(shift.to(x.dtype).view(shape), x, scale.to(x.dtype).view(shape), ScalarSafe.One);
    }

    (Tensor Gain, Tensor Shift) Affine(Tensor x, Tensor? classes)
    {
        var (g, b) =
            gain is not null && classes is not null
                ? (gain.forward(classes), shift!.forward(classes))
                : (
                    weight ?? torch.ones(x.shape[1], dtype: x.dtype, device: x.device).expand(x.shape[0], -1),
                    bias ?? torch.zeros(x.shape[1], dtype: x.dtype, device: x.device).expand(x.shape[0], -1)
                );
        return g.dim() == 1 ? (g.unsqueeze(0), b.unsqueeze(0)) : (g, b);
    }
}
