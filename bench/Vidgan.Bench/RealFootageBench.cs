using System.Text.Json.Nodes;
using Vidgan.Data;
using Vidgan.Evaluation;
using Vidgan.Library;
using Vidgan.Media;
using Vidgan.Models;
using Vidgan.Runs;
using Vidgan.Training;
using static TorchSharp.torch;

namespace Vidgan.Bench;

/// <summary>What a user gets from `vidgan train` on real footage (<see cref="RealFootageData"/>): one run with the
/// defaults the CLI would choose, measured as `vidgan evaluate` does after each mark of cumulative training time
/// (by default 10, 30 and 60 minutes), with a grid of real beside generated clips for each class.</summary>
public static class RealFootageBench
{
    public static void Run(BenchArgs a)
    {
        int size = a.Get("--size", 32);
        var marks = a.Get("--minutes", "10,30,60").Split(',').Select(double.Parse).Order().ToArray();
        string cache = a.Get(
            "--cache",
            Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "vidgan-footage")
        );
        string work = a.Get("--work", Directory.CreateTempSubdirectory("vidgan-bench-footage-").FullName);
        string name = a.Get("--name", $"real-footage-{size}");
        var settings = new JsonObject
        {
            ["precision"] = a.Get("--precision", "fp32"),
            ["augment"] = a.Get("--augment", new TrainConfig().Augment),
        };
        if (a.Get<string?>("--arch", null) is string arch)
            TrainSettings.Set(settings, "model.architecture", arch);
        foreach (string pair in a.Get("--set", "").Split(',', StringSplitOptions.RemoveEmptyEntries))
            TrainSettings.Set(settings, pair.Split('=')[0], JsonNode.Parse(pair.Split('=')[1]));

        string data = RealFootageData.Prepare(cache);
        using var lib = VidganLibrary.Open(Path.Combine(work, "library"), create: true);
        var ingest = new Ingestor(lib, new IngestOptions(LabelSource.Folder, Size: size, Frames: 16, Stride: 4)).Run(
            data
        );
        var request = new TrainRequest { RunDir = Path.Combine(work, "run"), Settings = settings };
        var rows = new List<string>();
        var notes = new List<string>();
        string grid = "";
        double done = 0;
        foreach (double mark in marks)
        {
            var observer = new QuietObserver($"{size}² {mark:0} min");
            using (var prepared = RunSetup.Prepare(lib, request with { Resume = done > 0 }, CPU))
            {
                if (done == 0)
                    notes.AddRange(prepared.Notes.Select(n => n.Text));
                TrainingSession.Run(
                    lib,
                    prepared,
                    new TrainBudget(Time: TimeSpan.FromMinutes(mark - done)),
                    resume: done > 0,
                    CPU,
                    observer,
                    CancellationToken.None
                );
            }
            done = mark;
            var e = new Evaluator(lib, CPU).Run(new EvaluateOptions(request.RunDir), m => Console.Error.WriteLine(m));
            grid = $"{name}-{mark:0}min.png";
            WriteGrid(lib, request.RunDir, Path.Combine(BenchArgs.Repo, "bench", "results", grid));
            rows.Add(Row(mark, e, observer, grid));
            Console.Error.WriteLine(rows[^1]);
        }

        var report = a.Report($"Real footage at {size}×{size}×16", $"{name}.md");
        report.Line(
            $"Clips from Debian packages, fetched by the benchmark: {RealFootageData.Grouping}. Ingested as `vidgan "
                + $"ingest --label-from folder --size {size} --frames 16 --stride 4` (8 fps, so 2 s per clip): "
                + string.Join(
                    ", ",
                    ingest.Classes.Select(c => $"{c.Class} {c.Videos} videos, {c.TrainClips}/{c.TestClips} clips")
                )
                + " (train/test, split by whole video or segment). One run with `vidgan train`'s defaults"
                + Overrides(a)
                + $" ({string.Join("; ", notes)}), measured as `vidgan evaluate` does after each mark of cumulative "
                + "training time on this machine's cores; the judge is trained on the real training clips."
        );
        report.Line();
        report.Line(
            "| training minutes | steps | clips/s | judge on real test clips | class accuracy of generated clips "
                + "(by class) | in-domain FD, matched (floor, ratio; real training clips in place of generated ones) | "
                + "judge-free FD (floor) | precision / recall | "
                + "motion, generated ÷ real (share of generated clips stiller than the stillest tenth of real ones) | "
                + "near-copies | grid |"
        );
        report.Line("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        foreach (string row in rows)
            report.Line(row);
        report.Line();
        report.Line(
            "Each grid: for each class, two real held-out clips, then three generated clips of that class; each row "
                + "one clip, every second frame left to right."
        );
        report.Save();
    }

    /// <summary>The flags that change `vidgan train`'s defaults, as a reader would pass them (the benchmark fixes the
    /// precision, fp32 unless told, so runs compare across CPU kinds).</summary>
    static string Overrides(BenchArgs a)
    {
        var given = new[] { "--arch", "--augment", "--set" }
            .Where(flag => a.Get<string?>(flag, null) != null)
            .Select(flag => $"`{flag} {a.Get<string?>(flag, null)}`")
            .Append($"`--precision {a.Get("--precision", "fp32")}`");
        return " except " + string.Join(", ", given);
    }

    static string Row(double minutes, EvaluationReport e, QuietObserver observer, string grid)
    {
        var (j, f, prdc) = (e.Get<JudgeReport>(), e.Get<FrechetReport>(), e.Get<PrdcResult>());
        var judgeFree = e.Get<JudgeFreeFrechetReport>();
        string byClass = j.GeneratedAccuracyByClass is { } c
            ? string.Join(", ", c.Select(kv => $"{kv.Key} {kv.Value:P0}"))
            : "—";
        return $"| {minutes:0} | {e.Step} | {observer.ClipsPerSecond:0.0} | {j.RealAccuracy:P1}"
            + (e.Trustworthy ? "" : " (not trustworthy)")
            + $" | **{j.GeneratedAccuracy:P1}** ({byClass}) | "
            + $"**{f.GeneratedVsRealMatched:0.00}** ({f.RealVsRealFloor:0.00}, "
            + $"{f.GeneratedVsRealMatched / f.RealVsRealFloor:0.0}×; training clips {f.TrainVsRealMatched:0.00}) | "
            + $"{judgeFree.GeneratedVsRealMatched:0.00} ({judgeFree.RealVsRealFloor:0.00}) | "
            + $"{prdc.Precision:0.00} / {prdc.Recall:0.00} | "
            + $"{e.Get<MotionReport>().Ratio:0.00}× ({e.Get<MotionReport>().StillShare:P0} still) | "
            + $"{e.Get<MemorizationReport>().NearCopies} | [grid]({grid}) |";
    }

    static void WriteGrid(VidganLibrary lib, string runDir, string path)
    {
        using var trained = TrainedModel.Open(new RunDirectory(runDir), null, CPU, lib.Catalog, lib.Cipher);
        var model = trained.Config.Model;
        var set = lib.Catalog.FindClipSet(trained.Config.ClipSetKey)!;
        using var real = TrainingSet.Load(lib, set, Split.Test, conditional: true, model.Classes);
        var rows = new List<Clip>();
        for (int k = 0; k < model.Classes.Count; k++)
        {
            var mine = Enumerable.Range(0, real.Count).Where(i => real.ClassIndices[i] == k).ToArray();
            foreach (int i in new[] { 0, mine.Length / 2 }.Where(_ => mine.Length > 0).Distinct())
                using (var clip = ClipTensors.FromBytes(real.Clips[mine[i]].unsqueeze(0)))
                    rows.AddRange(ClipTensors.ToClips(clip, set.Fps));
            using var fake = ClipSampler.Sample(
                trained.Models.GeneratorEma,
                model,
                CPU,
                [100 + k * 3, 101 + k * 3, 102 + k * 3],
                [k, k, k]
            );
            rows.AddRange(ClipTensors.ToClips(fake, set.Fps));
        }
        VideoEncoder.Encode(ClipGrid.Strips(rows, frameStep: 2, upscale: 64 / model.Size + 1), path, VideoFormat.Png);
    }
}
