using TorchSharp;
using static TorchSharp.torch;

namespace Vidgan.Evaluation;

public sealed record PrdcResult(double Precision, double Recall, double Density, double Coverage, int K);

/// <summary>Precision, recall, density and coverage (Naeem et al. 2020) from k-nearest-neighbour balls in a feature
/// space.</summary>
public static class Prdc
{
    /// <summary>With fewer than k + 1 samples in a set, k shrinks to fit (the result reports the k used).</summary>
    public static PrdcResult Compute(Tensor real, Tensor fake, int k = 5)
    {
        k = (int)Math.Min(k, Math.Min(real.shape[0], fake.shape[0]) - 1);
        if (k < 1)
            throw new VidganException("precision/recall need at least 2 samples in each set");
        using var scope = torch.NewDisposeScope();
        var r = real.to_type(ScalarType.Float64);
        var f = fake.to_type(ScalarType.Float64);
        var realRadii = KthNeighbourDistance(r, k); // (N)
        var fakeRadii = KthNeighbourDistance(f, k); // (M)
        var realFake = torch.cdist(r, f); // (N, M)
        // Indicator matrices as float64 (1 = inside the ball), so every statistic is a plain reduction.
        var fakeInReal = realFake.le(realRadii.unsqueeze(1)).to(ScalarType.Float64); // fake j inside real i's ball
        var realInFake = realFake.le(fakeRadii.unsqueeze(0)).to(ScalarType.Float64); // real i inside fake j's ball
        double precision = fakeInReal.amax(new long[] { 0 }).mean().item<double>();
        double recall = realInFake.amax(new long[] { 1 }).mean().item<double>();
        double density = fakeInReal.sum(new long[] { 0 }).mean().item<double>() / k;
        double coverage = realFake.amin(new long[] { 1 }).le(realRadii).to(ScalarType.Float64).mean().item<double>();
        return new PrdcResult(precision, recall, density, coverage, k);
    }

    static Tensor KthNeighbourDistance(Tensor x, int k)
    {
        var d = torch.cdist(x, x);
        // The smallest distance in each row is the point itself (0), so the k-th neighbour is at index k.
        return d.topk(k + 1, dim: 1, largest: false).values.select(1, k);
    }
}
