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
        nn.init.normal_(gain?.weight ?? weight!, 1.0, 0.02);
        nn.init.zeros_(shift?.weight ?? bias!);
    }

    public override Tensor forward(Tensor x, Tensor? classes)
    {
        var h = norm.forward(x);
        var (g, b) =
            gain is not null && classes is not null
                ? (gain.forward(classes), shift!.forward(classes))
                : (
                    weight ?? torch.ones(x.shape[1], dtype: x.dtype, device: x.device).expand(x.shape[0], -1),
                    bias ?? torch.zeros(x.shape[1], dtype: x.dtype, device: x.device).expand(x.shape[0], -1)
                );
        if (g.dim() == 1)
        {
            g = g.unsqueeze(0);
            b = b.unsqueeze(0);
        }
        return h * g.view(g.shape[0], -1, 1, 1, 1) + b.view(b.shape[0], -1, 1, 1, 1);
    }
}
