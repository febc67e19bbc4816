using TorchSharp;
using Vidgan.Data;
using Vidgan.Evaluation;
using Vidgan.Library;
using Vidgan.Tests.Support;
using static TorchSharp.torch;

namespace Vidgan.Tests.Evaluation;

public class MetricTests
{
    [Fact]
    public void FrechetDistanceOfKnownGaussians()
    {
        // Diagonal covariances commute: FD = ‖Δμ‖² + Σ (√a − √b)².
        var muA = torch.tensor(new[] { 0.0, 1.0, 2.0 });
        var muB = torch.tensor(new[] { 1.0, 1.0, 0.0 });
        var covA = torch.diag(torch.tensor(new[] { 1.0, 4.0, 9.0 }));
        var covB = torch.diag(torch.tensor(new[] { 4.0, 4.0, 1.0 }));
        double expected = (1 + 0 + 4) + (1 + 0 + 4);
        Assert.Equal(expected, FrechetDistance.FromStatistics(muA, covA, muB, covB), 9);
        Assert.Equal(0, FrechetDistance.FromStatistics(muA, covA, muA, covA), 9);
    }

    [Fact]
    public void FrechetDistanceOfNonCommutingCovariancesMatchesTheClosedForm()
    {
        // For 2×2 PSD matrices, Tr((A^½ B A^½)^½) = sqrt(Tr(AB) + 2 sqrt(det(AB))).
        var a = torch.tensor(
            new[,]
            {
                { 2.0, 1.0 },
                { 1.0, 2.0 },
            }
        );
        var b = torch.tensor(
            new[,]
            {
                { 3.0, 0.0 },
                { 0.0, 1.0 },
            }
        );
        var zero = torch.zeros(2, dtype: float64);
        double trAb = a.matmul(b).trace().item<double>(),
            detAb = torch.linalg.det(a.matmul(b)).item<double>();
        double expected = 4 + 4 - 2 * Math.Sqrt(trAb + 2 * Math.Sqrt(detAb));
        Assert.Equal(expected, FrechetDistance.FromStatistics(zero, a, zero, b), 9);
    }

    [Fact]
    public void FrechetDistanceFromSamplesApproachesTheTruth()
    {
        torch.manual_seed(1);
        var a = torch.randn(20000, 2, dtype: float64);
        var b = torch.randn(20000, 2, dtype: float64) * 2 + 3;
        // Δμ = (3, 3): 18; σ 1 vs 2 in each of 2 dims: 2 × (1 − 2)² = 2.
        Assert.InRange(FrechetDistance.Compute(a, b), 19.5, 20.5);
    }

    [Fact]
    public void MotionIsTheShareOfTheRangeAClipChangesPerFrameAndStillClipsAreCounted()
    {
        // Frames alternating between black and white change by the whole range each step; a still clip by nothing.
        var flicker = torch.tensor(new float[] { -1, 1, -1, 1 }).view(1, 1, 4, 1, 1).expand(1, 3, 4, 2, 2);
        Assert.Equal(new[] { 1.0, 0.0 }, MotionMetric.PerClip(torch.cat([flicker, torch.zeros([1, 3, 4, 2, 2])], 0)));

        torch.manual_seed(5);
        var real = torch.rand([20, 3, 8, 4, 4]) * 2 - 1;
        var same = MotionMetric.Compare(real, real.clone());
        Assert.Equal(1.0, same.Ratio!.Value, 9);
        Assert.InRange(same.StillShare, 0.0, 0.1);
        var frozen = MotionMetric.Compare(real, real.narrow(2, 0, 1).expand(20, 3, 8, 4, 4));
        Assert.Equal((0.0, 1.0), (frozen.Generated, frozen.StillShare));
        Assert.True(frozen.Real > 0.2);
    }

    [Fact]
    public void PrdcOnToyPoints()
    {
        // Real: 0..9 on a line. Fake: 0.5..4.5 (inside the real support) and 100 (far away).
        var real = torch.arange(10, dtype: float64).unsqueeze(1);
        var fake = torch.tensor(new[] { 0.5, 1.5, 2.5, 3.5, 4.5, 100.0 }).unsqueeze(1);
        var r = Prdc.Compute(real, fake, k: 2);
        Assert.Equal(5.0 / 6, r.Precision, 9); // all but the outlier lie within some real point's 2-NN ball
        // Radii: 2 for the end points 0 and 9, 1 for the rest. Real 0..5 have a fake within their radius (5 ← 4.5).
        Assert.Equal(6.0 / 10, r.Coverage, 9);
        // The outlier fake at 100 has a 2-NN radius of 96.5, a ball that swallows the real points: recall is 1.
        // This is the known weakness of k-NN recall that coverage (0.6 here) was designed to fix.
        Assert.Equal(1.0, r.Recall, 9);
        // Each fake point inside falls in several real balls (radius 1 or 2): density counts them all.
        Assert.True(r.Density > r.Precision);
        var perfect = Prdc.Compute(real, real.clone(), k: 2);
        Assert.Equal((1.0, 1.0, 1.0), (perfect.Precision, perfect.Recall, perfect.Coverage));
        Assert.Equal(2, Prdc.Compute(real.narrow(0, 0, 3), fake, k: 5).K);
    }

    [Fact]
    public void SsimOfIdenticalAndOfConstantImages()
    {
        torch.manual_seed(3);
        var x = torch.rand(2, 3, 16, 16, dtype: float64);
        Assert.Equal(1.0, FrameMetrics.Ssim(x, x), 9);
        // Constant images a and b: σ terms vanish, SSIM = (2ab + C1) / (a² + b² + C1).
        double a = 0.2,
            b = 0.6,
            c1 = 1e-4;
        var ssim = FrameMetrics.Ssim(
            torch.full(new long[] { 1, 1, 16, 16 }, a, dtype: float64),
            torch.full(new long[] { 1, 1, 16, 16 }, b, dtype: float64)
        );
        Assert.Equal((2 * a * b + c1) / (a * a + b * b + c1), ssim, 9);
    }

    [Fact]
    public void MseAndMaeAreSummedOverPixelsPerFrame()
    {
        // One clip, one channel, 2 frames of 4×4: frame 0 off by 0.5 everywhere, frame 1 exact.
        var target = torch.zeros(new long[] { 1, 1, 2, 4, 4 }, dtype: float64);
        var predicted = target.clone();
        predicted.select(2, 0).fill_(0.5);
        var m = FrameMetrics.Compute(predicted, target);
        Assert.Equal(new[] { 16 * 0.25, 0 }, m.Mse);
        Assert.Equal(new[] { 16 * 0.5, 0 }, m.Mae);
        Assert.Equal(10 * Math.Log10(1 / 0.25), m.Psnr[0], 9);
        Assert.Equal(2.0, m.MeanMse, 9);
    }

    [Fact]
    public void MatchedFrechetDistanceDrawsGeneratedClipsAtRandomNotInOrder()
    {
        // Three classes of real features, stored sorted by class, as held-out clips can be; generated clips that
        // continue them come in the same order. A perfect model must sit at the floor, not be judged on its first
        // clips (all of one class); a model that draws only one class must not.
        torch.manual_seed(3);
        var centres = torch.randn(3, 8) * 4;
        var real = torch.cat(
            Enumerable.Range(0, 3).Select(c => centres[c].unsqueeze(0) + torch.randn(40, 8)).ToArray(),
            0
        );
        var train = torch.cat(
            Enumerable.Range(0, 3).Select(c => centres[c].unsqueeze(0) + torch.randn(100, 8)).ToArray(),
            0
        );
        var perfect = FrechetMetric.Compare(real, real.clone(), train);
        Assert.True(
            perfect.GeneratedVsRealMatched < 3 * perfect.RealVsRealFloor,
            $"matched {perfect.GeneratedVsRealMatched:0.00} against the floor {perfect.RealVsRealFloor:0.00}"
        );
        var oneClass = FrechetMetric.Compare(real, real.narrow(0, 0, 40), train);
        Assert.True(
            oneClass.GeneratedVsRealMatched > 5 * perfect.RealVsRealFloor,
            $"one class only: matched {oneClass.GeneratedVsRealMatched:0.00} against the floor "
                + $"{perfect.RealVsRealFloor:0.00}"
        );
    }

    [Fact]
    public void AveragingOverSplitsNarrowsTheScatterOfTheMatchedRatio()
    {
        // Ten generators that all draw from the real clips' own distribution, judged against 152 real clips as the
        // demo's are: the ratio to the floor should sit near 1, and one split lets it wander much further.
        torch.manual_seed(6);
        var real = torch.randn(152, 8);
        var train = torch.randn(500, 8);
        double[] Ratios(int splits) =>
            Enumerable
                .Range(0, 10)
                .Select(i =>
                {
                    torch.manual_seed(100 + i);
                    var r = FrechetMetric.Compare(real, torch.randn(512, 8), train, splits: splits);
                    return r.GeneratedVsRealMatched / r.RealVsRealFloor;
                })
                .ToArray();
        static double Spread(double[] v) => Math.Sqrt(v.Sum(x => (x - v.Average()) * (x - v.Average())) / v.Length);
        double[] one = Ratios(1),
            many = Ratios(FrechetMetric.DefaultSplits);
        Assert.True(
            Spread(many) < 0.5 * Spread(one),
            $"one split: {string.Join(", ", one.Select(x => $"{x:0.00}"))}; "
                + $"averaged: {string.Join(", ", many.Select(x => $"{x:0.00}"))}"
        );
        Assert.InRange(many.Average(), 0.7, 1.4);

        var report = FrechetMetric.Compare(real, torch.randn(512, 8), train);
        Assert.Equal(FrechetMetric.DefaultSplits, report.Splits);
        Assert.True(report.MatchedSpread > 0 && report.FloorSpread > 0, report.ToString());
    }

    [Fact]
    public void TheTrainingClipsOwnScoreShowsWhenHeldOutClipsDifferFromThem()
    {
        torch.manual_seed(4);
        var real = torch.randn(60, 8);
        var counterparts = Enumerable.Range(0, 60).Select(i => (long)(i * 3)).ToArray();
        var alike = FrechetMetric.Compare(real, real.clone(), torch.randn(200, 8), counterparts);
        var unlike = FrechetMetric.Compare(real, real.clone(), torch.randn(200, 8) + 3, counterparts);
        Assert.True(alike.TrainVsRealMatched < 3 * alike.RealVsRealFloor, $"alike: {alike}");
        Assert.True(unlike.TrainVsRealMatched > 5 * unlike.RealVsRealFloor, $"unlike: {unlike}");
        Assert.Null(FrechetMetric.Compare(real, real.clone(), torch.randn(200, 8)).TrainVsRealMatched);
    }

    [Fact]
    public void EachRealClipsTrainingCounterpartHasItsClass()
    {
        using var temp = new TempDir();
        using var lib = TinyData.IngestedLibrary(temp, perClass: 4, classes: 2);
        var set = TrainingSet.SelectClipSet(lib, 16, 8);
        using var train = TrainingSet.Load(lib, set, Split.Train, conditional: true);
        using var test = TrainingSet.Load(lib, set, Split.Test, conditional: true, train.ClassNames);
        var counterparts = FrechetMetric.TrainingCounterparts(train, test);
        Assert.Equal(test.Count, counterparts.Length);
        Assert.All(
            counterparts.Select((t, i) => (t, i)),
            x => Assert.Equal(test.ClassIndices[x.i], train.ClassIndices[x.t])
        );
        Assert.Equal(counterparts, FrechetMetric.TrainingCounterparts(train, test));
        Assert.True(counterparts.Distinct().Count() > 1);
    }
}
