using TorchSharp;
using static TorchSharp.torch;

namespace Vidgan.Models;

public static class Init
{
    [ThreadStatic]
    static bool weightsReplaced;

    /// <summary>Builds networks whose every weight is overwritten next (loaded from a checkpoint or copied): their
    /// initial draws are skipped, each weight set to its draw's mean instead, since drawing a few million normal
    /// numbers costs more than building the networks does otherwise.</summary>
    public static T ForReplacedWeights<T>(Func<T> build)
    {
        bool outer = weightsReplaced;
        weightsReplaced = true;
        try
        {
            return build();
        }
        finally
        {
            weightsReplaced = outer;
        }
    }

    /// <summary>Fills <paramref name="p"/> from N(<paramref name="mean"/>, <paramref name="std"/>²), or with the mean
    /// inside <see cref="ForReplacedWeights"/>.</summary>
    public static void Normal(Tensor p, double mean, double std)
    {
        using var _ = torch.no_grad();
        if (weightsReplaced)
            p.fill_(mean);
        else
            nn.init.normal_(p, mean, std);
    }

    /// <summary>DCGAN initialisation: conv and linear weights ~ N(0, 0.02), norm scales ~ N(1, 0.02), biases
    /// 0.</summary>
    public static void Dcgan(nn.Module module)
    {
        using var _ = torch.no_grad();
        foreach (var (name, p) in module.named_parameters())
        {
            if (name.EndsWith("bias"))
                p.zero_();
            else if (name.Contains("norm", StringComparison.OrdinalIgnoreCase))
                Normal(p, 1.0, 0.02);
            else
                Normal(p, 0.0, 0.02);
        }
    }
}
