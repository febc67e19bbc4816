using static TorchSharp.torch;

namespace Vidgan.Evaluation;

/// <summary>For models that continue given frames: the predicted frames against the true ones (frame by frame), beside
/// the trivial prediction that repeats the last given frame.</summary>
public sealed record PredictionReport(
    int ContextFrames,
    int PredictedFrames,
    int Clips,
    FrameMetricsResult Model,
    FrameMetricsResult CopyLastFrame
);

/// <summary>Frame-by-frame prediction quality (MSE and MAE summed over a frame's pixels on [0, 1], SSIM, PSNR) of
/// models that continue given frames; generated clip i continues real clip i, so the real clips are the
/// truth.</summary>
public sealed class PredictionMetric : Metric<PredictionReport>
{
    public override string Key => "prediction";

    public override PredictionReport? Measure(EvaluationContext c)
    {
        int k = c.Model.ContextFrames;
        if (k == 0)
            return null;
        int clips = Math.Min(c.Options.Samples, c.Real.Count);
        using var scope = NewDisposeScope();
        long predicted = c.RealClips.shape[2] - k;
        Tensor Unit(Tensor x) => x.narrow(0, 0, clips).narrow(2, k, predicted).add(1).div(2).clamp(0, 1);
        var target = Unit(c.RealClips);
        var copyLast = c
            .RealClips.narrow(0, 0, clips)
            .narrow(2, k - 1, 1)
            .expand(-1, -1, predicted, -1, -1)
            .add(1)
            .div(2);
        return new PredictionReport(
            k,
            (int)predicted,
            clips,
            FrameMetrics.Compute(Unit(c.Generated), target),
            FrameMetrics.Compute(copyLast, target)
        );
    }

    public override IEnumerable<string> Summarize(PredictionReport s, EvaluationReport r)
    {
        yield return $"  prediction       {s.ContextFrames} given → {s.PredictedFrames} predicted frames on {s.Clips} "
            + $"real {r.SplitName} clips (MSE and MAE summed over a frame's pixels on [0, 1]); copying the last given "
            + "frame in brackets";
        yield return $"                   MSE {s.Model.MeanMse:0.0} ({s.CopyLastFrame.MeanMse:0.0})  "
            + $"MAE {s.Model.MeanMae:0.0} ({s.CopyLastFrame.MeanMae:0.0})  "
            + $"SSIM {s.Model.MeanSsim:0.000} ({s.CopyLastFrame.MeanSsim:0.000})  "
            + $"PSNR {s.Model.MeanPsnr:0.00} ({s.CopyLastFrame.MeanPsnr:0.00}) dB";
        yield return "                   MSE by frame " + string.Join(" ", s.Model.Mse.Select(v => v.ToString("0.0")));
    }
}
