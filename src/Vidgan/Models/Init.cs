using TorchSharp;
using static TorchSharp.torch;

namespace Vidgan.Models;

public static class Init
{
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
                nn.init.normal_(p, 1.0, 0.02);
            else
                nn.init.normal_(p, 0.0, 0.02);
        }
    }
}
