using TorchSharp;
using static TorchSharp.torch;

namespace Vidgan.Evaluation;

/// <summary>Fréchet distance between Gaussian fits of two feature sets (the formula behind FID and FVD):
/// ‖μ₁ − μ₂‖² + Tr(Σ₁ + Σ₂ − 2(Σ₁Σ₂)^½). Computed in float64 with the symmetric form
/// Tr((Σ₁^½ Σ₂ Σ₁^½)^½), which needs only symmetric eigendecompositions.</summary>
public static class FrechetDistance
{
    public static double Compute(Tensor featuresA, Tensor featuresB)
    {
        var (muA, covA) = Statistics(featuresA);
        var (muB, covB) = Statistics(featuresB);
        return FromStatistics(muA, covA, muB, covB);
    }

    /// <summary>The top <paramref name="components"/> principal directions (D, k) of <paramref name="reference"/>
    /// features. With few clips per set, the distance is only meaningful in a space of far fewer dimensions than
    /// samples.</summary>
    public static Tensor PrincipalBasis(Tensor reference, int components)
    {
        var (_, cov) = Statistics(reference);
        var (_, vectors) = torch.linalg.eigh((cov + cov.t()) / 2);
        int k = (int)Math.Min(components, vectors.shape[1]);
        return vectors.narrow(1, vectors.shape[1] - k, k).flip(1).contiguous(); // eigh sorts ascending
    }

    public static (Tensor Mean, Tensor Covariance) Statistics(Tensor features)
    {
        if (features.shape[0] < 2)
            throw new VidganException("the Fréchet distance needs at least 2 samples per set");
        var x = features.to_type(ScalarType.Float64);
        var mean = x.mean(new long[] { 0 });
        var centred = x - mean;
        var cov = centred.t().matmul(centred) / (x.shape[0] - 1);
        return (mean, cov);
    }

    public static double FromStatistics(Tensor muA, Tensor covA, Tensor muB, Tensor covB)
    {
        using var scope = torch.NewDisposeScope();
        var sqrtA = SqrtPsd(covA.to_type(ScalarType.Float64));
        var middle = sqrtA.matmul(covB.to_type(ScalarType.Float64)).matmul(sqrtA);
        middle = (middle + middle.t()) / 2;
        double traceSqrt = torch.linalg.eigvalsh(middle).clamp_min(0).sqrt().sum().item<double>();
        double meanTerm = (muA - muB).pow(2).sum().item<double>();
        return Math.Max(0, meanTerm + covA.trace().item<double>() + covB.trace().item<double>() - 2 * traceSqrt);
    }

    static Tensor SqrtPsd(Tensor symmetric)
    {
        var (values, vectors) = torch.linalg.eigh((symmetric + symmetric.t()) / 2);
        return vectors.matmul(torch.diag(values.clamp_min(0).sqrt())).matmul(vectors.t());
    }
}
