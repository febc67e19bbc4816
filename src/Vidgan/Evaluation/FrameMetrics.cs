using TorchSharp;
using static TorchSharp.torch;

namespace Vidgan.Evaluation;

public sealed record FrameMetricsResult(double[] Mse, double[] Mae, double[] Ssim, double[] Psnr)
{
    public double MeanMse => Mse.Average();
    public double MeanMae => Mae.Average();
    public double MeanSsim => Ssim.Average();
    public double MeanPsnr => Psnr.Average();
}

/// <summary>Per-frame prediction metrics on [0, 1] pixels, as the Moving MNIST literature reports them: MSE and MAE
/// summed over the pixels of a frame (and channels) and averaged over clips; SSIM (Wang et al. 2004: 11×11 Gaussian
/// window, σ 1.5, K1 0.01, K2 0.03) and PSNR averaged over clips.</summary>
public static class FrameMetrics
{
    /// <param name="predicted">Clips (N, C, T, H, W) in [0, 1].</param>
    /// <param name="target">Clips of the same shape in [0, 1].</param>
    public static FrameMetricsResult Compute(Tensor predicted, Tensor target)
    {
        if (!predicted.shape.SequenceEqual(target.shape))
            throw new VidganException("predicted and target clips differ in shape");
        using var scope = torch.NewDisposeScope();
        var p = predicted.to_type(ScalarType.Float64);
        var t = target.to_type(ScalarType.Float64);
        long frames = p.shape[2];
        var diff = p - t;
        var mse = diff.pow(2).sum(new long[] { 1, 3, 4 }).mean(new long[] { 0 }); // (T)
        var mae = diff.abs().sum(new long[] { 1, 3, 4 }).mean(new long[] { 0 });
        var perPixelMse = diff.pow(2).mean(new long[] { 1, 3, 4 }); // (N, T)
        var psnr = (10 * torch.log10(1.0 / perPixelMse.clamp_min(1e-10))).mean(new long[] { 0 });
        var ssim = new double[frames];
        for (int f = 0; f < frames; f++)
            ssim[f] = Ssim(p.select(2, f), t.select(2, f));
        return new FrameMetricsResult(ToArray(mse), ToArray(mae), ssim, ToArray(psnr));
    }

    /// <summary>Mean SSIM of images (N, C, H, W) in [0, 1], over channels and images.</summary>
    public static double Ssim(Tensor a, Tensor b)
    {
        using var scope = torch.NewDisposeScope();
        const double c1 = 0.01 * 0.01,
            c2 = 0.03 * 0.03;
        long channels = a.shape[1];
        // The standard 11×11 window, shrunk (odd) for frames smaller than that.
        int size = (int)Math.Min(11, Math.Min(a.shape[2], a.shape[3]));
        if (size % 2 == 0)
            size--;
        var window = GaussianWindow(size, 1.5).to_type(ScalarType.Float64).expand(channels, 1, size, size);
        Tensor Blur(Tensor x) => nn.functional.conv2d(x, window, groups: channels);
        var x64 = a.to_type(ScalarType.Float64);
        var y64 = b.to_type(ScalarType.Float64);
        var muX = Blur(x64);
        var muY = Blur(y64);
        var sigmaX = Blur(x64 * x64) - muX * muX;
        var sigmaY = Blur(y64 * y64) - muY * muY;
        var sigmaXy = Blur(x64 * y64) - muX * muY;
        var map = ((2 * muX * muY + c1) * (2 * sigmaXy + c2)) / ((muX * muX + muY * muY + c1) * (sigmaX + sigmaY + c2));
        return map.mean().item<double>();
    }

    static Tensor GaussianWindow(int size, double sigma)
    {
        var coords = torch.arange(size, dtype: ScalarType.Float64) - (size - 1) / 2.0;
        var g = torch.exp(-(coords * coords) / (2 * sigma * sigma));
        g /= g.sum();
        return g.outer(g).view(1, 1, size, size);
    }

    static double[] ToArray(Tensor t) => t.data<double>().ToArray();
}
