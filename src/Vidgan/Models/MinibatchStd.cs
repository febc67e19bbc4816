using TorchSharp;
using static TorchSharp.torch;

namespace Vidgan.Models;

/// <summary>Appends the mean standard deviation of features across small groups of the batch (Karras et al.
/// 2018), letting the discriminator see when generated clips all look alike: the usual cure for collapse.</summary>
public static class MinibatchStd
{
    public const int GroupSize = 4;

    static readonly Scalar Epsilon = 1e-8.ToScalar();

    /// <summary>(B, F) → (B, F + 1).</summary>
    public static Tensor Append(Tensor features)
    {
        long b = features.shape[0];
        long g = Math.Min(GroupSize, b);
        while (b % g != 0)
            g--;
        // In float32: a bf16 variance of near-equal features rounds to noise around zero.
        var grouped = features.to(ScalarType.Float32).view(g, -1, features.shape[1]);
        var std = grouped.var(0, unbiased: false).add(Epsilon, ScalarSafe.One).sqrt().mean(new long[] { 1 }); // (B/g)
        var column = std.repeat(g).view(b, 1).to(features.dtype);
        return torch.cat(new[] { features, column }, 1);
    }
}
