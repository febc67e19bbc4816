using Vidgan.Evaluation;

namespace Vidgan.Cli.Output;

/// <summary>Prints an evaluation report as `vidgan evaluate` and the demo show it.</summary>
public static class EvaluationOutput
{
    public static void Print(EvaluationReport r)
    {
        var j = r.Judge;
        Console.WriteLine(
            $"evaluation of {r.Architecture} at step {r.Step} against {r.RealClips} real {r.Split} clips"
        );
        if (j.SelfSupervised)
            Console.WriteLine(
                "  judge            self-supervised (the clips have fewer than 2 classes): it tells clips as "
                    + "recorded from shuffled and frozen ones; "
                    + $"calls {j.RealAccuracy:P1} of real {r.Split} clips in order "
                    + $"({(j.TrainedNow ? "trained now on" : "cached, trained on")} {j.TrainClips} train clips)"
            );
        else
            Console.WriteLine(
                $"  judge            accuracy on real {r.Split} clips {j.RealAccuracy:P1} "
                    + $"({(j.TrainedNow ? "trained now on" : "cached, trained on")} {j.TrainClips} train clips)"
            );
        if (j.GeneratedAccuracy is double acc)
            Console.WriteLine(
                $"  class accuracy   {acc:P1} (mean over classes) of generated clips show their requested class ("
                    + string.Join(", ", j.GeneratedAccuracyByClass!.Select(kv => $"{kv.Key} {kv.Value:P0}"))
                    + ")"
            );
        else
            Console.WriteLine(
                (j.SelfSupervised ? "  generated clips  judged " : "  class share      ")
                    + string.Join(", ", j.GeneratedClassShare.Select(kv => $"{kv.Key} {kv.Value:P0}"))
            );
        var f = r.Frechet;
        Console.WriteLine(
            $"  in-domain FD     {f.GeneratedVsRealMatched:0.00} generated vs real, beside the real-vs-real floor "
                + $"{f.RealVsRealFloor:0.00} "
                + $"(each {f.FloorSamples} vs {f.FloorSamples} clips; halves of the {f.RealSamples} real {r.Split} "
                + $"clips; {f.Dimensions} principal components); "
                + $"{f.GeneratedVsReal:0.00} for all {f.GeneratedSamples} generated vs all {f.RealSamples} real"
        );
        var p = r.Prdc;
        Console.WriteLine(
            $"  PRDC (k={p.K})      precision {p.Precision:0.00}  recall {p.Recall:0.00}  density {p.Density:0.00} "
                + $" coverage {p.Coverage:0.00}"
        );
        var m = r.Memorization;
        Console.WriteLine(
            $"  memorization     {m.NearCopies} near-copies (pixel distance < {m.Threshold}); nearest training clip: "
                + $"pixels {m.NearestPixelMean:0.000} mean (real held-out {m.RealHeldOutNearestPixelMean:0.000}), "
                + $"judge space {m.NearestJudgeMean:0.00} (real held-out {m.RealHeldOutNearestJudgeMean:0.00})"
        );
        Console.WriteLine(
            $"  D scores         generated {r.GeneratedScores.Mean:0.00} ± {r.GeneratedScores.Std:0.00} "
                + $"(p10 {r.GeneratedScores.P10:0.00}, p90 {r.GeneratedScores.P90:0.00}); real {r.Split} "
                + $"{r.RealScores.Mean:0.00} ± {r.RealScores.Std:0.00}"
        );
        if (r.Fvd is FvdReport v)
            Console.WriteLine(
                $"  standard FVD     {v.Fvd:0.0} ({v.GeneratedSamples} generated vs {v.RealSamples} real {r.Split} "
                    + $"clips; I3D {Path.GetFileName(v.I3d)}, "
                    + $"16 frames at 224×224); real-vs-real floor {v.RealVsRealFloor:0.0} ({v.FloorSamples} vs "
                    + $"{v.FloorSamples})"
            );
        if (r.Prediction is PredictionReport pr)
        {
            Console.WriteLine(
                $"  prediction       {pr.ContextFrames} given → {pr.PredictedFrames} predicted frames on "
                    + $"{pr.Clips} real {r.Split} clips "
                    + "(MSE and MAE summed over a frame's pixels on [0, 1]); copying the last given frame in brackets"
            );
            Console.WriteLine(
                $"                   MSE {pr.Model.MeanMse:0.0} ({pr.CopyLastFrame.MeanMse:0.0})  MAE "
                    + $"{pr.Model.MeanMae:0.0} ({pr.CopyLastFrame.MeanMae:0.0})  "
                    + $"SSIM {pr.Model.MeanSsim:0.000} ({pr.CopyLastFrame.MeanSsim:0.000})  PSNR "
                    + $"{pr.Model.MeanPsnr:0.00} ({pr.CopyLastFrame.MeanPsnr:0.00}) dB"
            );
            Console.WriteLine(
                "                   MSE by frame " + string.Join(" ", pr.Model.Mse.Select(v => v.ToString("0.0")))
            );
        }
    }
}
