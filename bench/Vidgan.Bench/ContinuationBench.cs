using TorchSharp;
using Vidgan.Data;
using Vidgan.Evaluation;
using Vidgan.Library;
using Vidgan.Media;
using Vidgan.Models;
using Vidgan.Runs;
using Vidgan.Training;
using Vidgan.Util;
using static TorchSharp.torch;

namespace Vidgan.Bench;

/// <summary>Video → video on the demo's shapes: does a continued clip keep the shape moving along its path, and bounce
/// where the wall is? Each model trains for the same CPU time; then every held-out clip's first K frames are continued
/// and the object's centroid in each predicted frame is compared with the true one, beside two baselines (the object
/// stops; it goes on in a straight line, through the wall). A truth/prediction grid of bouncing clips is written per
/// model.</summary>
public static class ContinuationBench
{
    public static void Run(BenchArgs a)
    {
        double minutes = a.Get("--minutes", 5.0);
        int k = a.Get("--context", 8);
        var precision = PrecisionProbe.Resolve(
            SettingNames.Parse<PrecisionMode>(a.Get("--precision", "auto"), "--precision"),
            CPU
        );
        var archs = a.Get("--archs", "layered,unet").Split(',');
        string work = a.Get("--work", Directory.CreateTempSubdirectory("vidgan-bench-continuation-").FullName);
        using var lib = BenchData.DemoShapes(work);
        var set = TrainingSet.SelectClipSet(lib, 32, 16);
        using var test = TrainingSet.Load(lib, set, Split.Test, conditional: true);
        using var truth = ClipTensors.FromBytes(test.Clips);
        var real = ObjectPaths.Measure(truth);
        int n = test.Count,
            frames = set.Frames;
        var bouncing = Enumerable.Range(0, n).Where(i => ObjectPaths.Bounces(real, i, k - 1)).ToArray();

        var rows = new List<string>
        {
            Row(
                "the object stops where it was (copy the last given frame)",
                "—",
                Errors(real, Baseline(real, k, straight: false), k, n, bouncing)
            ),
            Row(
                "the object goes on in a straight line at its last speed (through walls)",
                "—",
                Errors(real, Baseline(real, k, straight: true), k, n, bouncing)
            ),
        };
        foreach (string arch in archs)
        {
            using var train = TrainingSet.Load(lib, set, Split.Train, conditional: true);
            var config = BenchData.Defaults(
                set,
                train.ClassNames,
                lib.Root,
                new ModelConfig
                {
                    Architecture = arch,
                    Condition = Condition.Video,
                    ContextFrames = k,
                }
            ) with
            {
                Precision = precision,
                ReconstructionL1 = 10,
            };
            var run = new RunDirectory(Path.Combine(work, "runs", arch));
            if (Directory.Exists(run.Root))
                Directory.Delete(run.Root, recursive: true);
            var observer = new QuietObserver(arch);
            var result = new Trainer(config, run, train, CPU, observer).Run(
                null,
                TimeSpan.FromMinutes(minutes),
                false,
                CancellationToken.None
            );
            var e = new Evaluator(lib, CPU).Run(
                new EvaluateOptions(run.Root),
                m => Console.Error.WriteLine($"{arch}: {m}")
            );

            using var models = new GanModels(config.Model, CPU);
            Checkpoint.Load(result.CheckpointPath, models);
            using var given = truth.narrow(2, 0, k);
            using var predicted = ClipSampler.Sample(
                models.GeneratorEma,
                config.Model,
                CPU,
                Enumerable.Range(0, n).Select(i => 1000L + i).ToArray(),
                test.ClassIndices.Select(c => (int)c).ToArray(),
                context: given
            );
            var errors = Errors(real, ObjectPaths.Measure(predicted), k, n, bouncing);
            var p = e.Get<PredictionReport>();
            rows.Add(
                Row(
                    $"**{arch}**, {result.Step} steps ({observer.ClipsPerSecond:0} clips/s)",
                    $"{p.Model.MeanMse:0.0} / {p.Model.MeanSsim:0.000} (copy last frame "
                        + $"{p.CopyLastFrame.MeanMse:0.0} / {p.CopyLastFrame.MeanSsim:0.000})",
                    errors
                )
            );
            SaveGrid(
                truth,
                predicted,
                bouncing.Take(6).ToArray(),
                Path.Combine(BenchArgs.Repo, "bench", "results", $"continuation-{arch}.png")
            );
            Console.Error.WriteLine(rows[^1]);
        }

        var report = a.Report("Video → video: does the shape keep its path and bounce?", "continuation.md");
        report.Line(
            $"Each model is trained with `--condition video --context {k}` (reconstruction L1 weight 10 beside the "
                + "GAN loss) on the demo's "
                + $"data (procedural shapes, 32×32×16 clips) for **{minutes:0.#} minutes** of this machine's 2 "
                + $"cores ({precision}), then continues "
                + $"the first {k} frames of each of the {n} held-out clips (EMA generator). The object's position "
                + "in a frame is the centroid "
                + "of the pixels that differ from the background colour; the error is its distance in pixels from "
                + "the true clip's, over the "
                + $"{frames - k} predicted frames. {bouncing.Length} of the {n} clips bounce off a wall during the "
                + "predicted frames (or at the "
                + "last given one): there, going straight on is wrong, and only a model that has learned the walls "
                + "beats it. MSE (summed over a "
                + "frame's pixels on [0, 1]) and SSIM are `vidgan evaluate`'s prediction metrics."
        );
        report.Line();
        report.Line(
            "| continuation | MSE / SSIM per predicted frame | path error, all clips (px) | at the last frame (px) "
                + "| clips that go straight (px) | clips that bounce (px) | object lost |"
        );
        report.Line("| --- | --- | --- | --- | --- | --- | --- |");
        foreach (var row in rows)
            report.Line(row);
        report.Line();
        report.Line(
            "Grids: "
                + string.Join(", ", archs.Select(arch => $"[{arch}](continuation-{arch}.png)"))
                + $" — bouncing clips, each true clip above its continuation, every frame (the first {k} are given)."
        );
        report.Save();
    }

    sealed record PathErrors(double Mean, double Last, double Straight, double Bouncing, double LostShare);

    static string Row(string name, string pixels, PathErrors e) =>
        $"| {name} | {pixels} | {e.Mean:0.00} | {e.Last:0.00} | {e.Straight:0.00} | {e.Bouncing:0.00} | "
        + $"{e.LostShare:P1} |";

    /// <summary>The true path up to the last given frame, then still or straight on.</summary>
    static (double X, double Y)?[,] Baseline((double X, double Y)?[,] real, int k, bool straight)
    {
        int n = real.GetLength(0),
            frames = real.GetLength(1);
        var path = new (double, double)?[n, frames];
        for (int i = 0; i < n; i++)
        {
            var last = real[i, k - 1];
            var before = k >= 2 ? real[i, k - 2] : null;
            for (int f = 0; f < frames; f++)
                path[i, f] =
                    f < k ? real[i, f]
                    : last is not { } l ? null
                    : straight && before is { } b ? (l.X + (f - k + 1) * (l.X - b.X), l.Y + (f - k + 1) * (l.Y - b.Y))
                    : l;
        }
        return path;
    }

    static PathErrors Errors(
        (double X, double Y)?[,] real,
        (double X, double Y)?[,] predicted,
        int k,
        int n,
        int[] bouncing
    )
    {
        int frames = real.GetLength(1),
            lost = 0,
            measured = 0;
        var all = new List<double>();
        var last = new List<double>();
        var bounce = new List<double>();
        var straight = new List<double>();
        var bouncingSet = bouncing.ToHashSet();
        for (int i = 0; i < n; i++)
        for (int f = k; f < frames; f++)
        {
            if (real[i, f] is not { } r)
                continue;
            measured++;
            if (predicted[i, f] is not { } p)
            {
                lost++;
                continue;
            }
            double d = Math.Sqrt((p.X - r.X) * (p.X - r.X) + (p.Y - r.Y) * (p.Y - r.Y));
            all.Add(d);
            if (f == frames - 1)
                last.Add(d);
            (bouncingSet.Contains(i) ? bounce : straight).Add(d);
        }
        static double Mean(List<double> v) => v.Count == 0 ? double.NaN : v.Average();
        return new PathErrors(
            Mean(all),
            Mean(last),
            Mean(straight),
            Mean(bounce),
            measured == 0 ? 0 : lost / (double)measured
        );
    }

    static void SaveGrid(Tensor truth, Tensor predicted, int[] clips, string path)
    {
        if (clips.Length == 0)
            return;
        using var index = torch.tensor(clips.Select(i => (long)i).ToArray());
        using var t = truth.index_select(0, index);
        using var p = predicted.index_select(0, index);
        var truthClips = ClipTensors.ToClips(t, 8);
        var predictedClips = ClipTensors.ToClips(p, 8);
        var rows = truthClips.Zip(predictedClips, (a, b) => new[] { a, b }).SelectMany(pair => pair).ToArray();
        VideoEncoder.Encode(ClipGrid.Strips(rows, frameStep: 1, upscale: 2), path, VideoFormat.Png);
    }
}
