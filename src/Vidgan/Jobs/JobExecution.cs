using System.Text.RegularExpressions;
using Vidgan.Data;
using Vidgan.Evaluation;
using Vidgan.Generation;
using Vidgan.Library;
using Vidgan.Runs;
using Vidgan.Training;
using Vidgan.Util;

namespace Vidgan.Jobs;

/// <summary>What each kind of job does, through the same core services as the CLI's commands.</summary>
public static partial class JobExecution
{
    /// <summary>Clips generated per step of a generate job: a cancelled job keeps the steps it finished.</summary>
    public const int GenerateChunk = 16;

    /// <summary>Checks a request before it is queued, so that a bad one is refused at once, not failed later.</summary>
    public static void Validate(VidganLibrary lib, JobRequest request)
    {
        // The device is checked where the job runs: a job for cuda waits for a worker with a GPU.
        if (request.Device.ToLowerInvariant() is not ("cpu" or "cuda"))
            Devices.Parse(request.Device);
        switch (request)
        {
            case IngestJob ingest:
                Options(ingest).Validate();
                if (Inbox.Files(lib).Count == 0)
                    throw new VidganException("the library's inbox is empty: upload clips before ingesting them", 2);
                break;
            case TrainJob train:
                RunFolder(lib, train.Run);
                Budget(train).Validate();
                break;
            case GenerateJob generate:
                FindRun(lib, generate.RunId);
                if (generate.Count < 1 || generate.Count > 10_000)
                    throw new VidganException("setting 'count' must be between 1 and 10000", 2);
                Rules(generate).Validate();
                break;
            case SweepJob sweep:
                if (sweep.Runs.Count is < 1 or > 100)
                    throw new VidganException("setting 'runs' must list 1 to 100 training runs", 2);
                if (sweep.Runs.Select(r => r.Run).Distinct().Count() < sweep.Runs.Count)
                    throw new VidganException("setting 'runs' names a run twice: each run needs its own name", 2);
                foreach (var run in sweep.Runs)
                    Validate(lib, run);
                break;
            case EvaluateJob evaluate:
                FindRun(lib, evaluate.RunId);
                if (evaluate.Samples < 8 || evaluate.Samples > 10_000)
                    throw new VidganException("setting 'samples' must be between 8 and 10000", 2);
                break;
        }
    }

    public static object Execute(VidganLibrary lib, JobRequest request, JobProgress progress, CancellationToken cancel)
    {
        cancel.ThrowIfCancellationRequested();
        return request switch
        {
            IngestJob j => Ingest(lib, j, progress),
            TrainJob j => Train(lib, j, progress, cancel),
            GenerateJob j => Generate(lib, j, progress, cancel),
            EvaluateJob j => Evaluate(lib, j, progress),
            SweepJob => throw new VidganException("a sweep runs as its training jobs, not as one job", 2),
            _ => throw new VidganException($"unknown job kind {request.Kind}", 2),
        };
    }

    public static RunRecord FindRun(VidganLibrary lib, long id) =>
        lib.Catalog.GetRun(id) ?? throw new NotFoundException($"no run {id} in {lib.Root}");

    /// <summary>The folder of a run started by a job: <c>runs/NAME</c> inside the library, never elsewhere.</summary>
    public static string RunFolder(VidganLibrary lib, string name)
    {
        if (!RunName().IsMatch(name ?? ""))
            throw new VidganException(
                "setting 'run' must be a name of 1 to 64 letters, digits, dots, dashes or underscores",
                2
            );
        return Path.Combine(lib.RunsFolder, name!);
    }

    static IngestOptions Options(IngestJob j) =>
        new(j.LabelFrom, j.Size, j.Frames, j.Fps, j.Fit, j.Stride, j.TestFraction);

    static TrainBudget Budget(TrainJob j) => TrainBudget.Of(j.Steps, j.Minutes);

    static CurationRules Rules(GenerateJob j) => new(j.MinScore, j.TopK, j.MaxPerClass, j.RejectNearCopies);

    static object Ingest(VidganLibrary lib, IngestJob j, JobProgress progress)
    {
        progress.Report(0, null, null, null, "ingesting the inbox", force: true);
        var report = new Ingestor(lib, Options(j)).Run(lib.Inbox, progress.Log);
        var skipped = report.Skipped.Select(s => Path.GetFullPath(s.Path)).ToHashSet();
        foreach (var skip in report.Skipped)
            progress.Log($"skipped {Path.GetFileName(skip.Path)}: {skip.Reason}");
        foreach (string gap in report.SplitGaps)
            progress.Log($"warning: {gap}");
        // Ingested uploads are in the library's blobs now; what was skipped stays in the inbox, with its reason above.
        foreach (string file in Directory.EnumerateFiles(lib.Inbox).Where(f => !skipped.Contains(f)))
            File.Delete(file);
        return new
        {
            report.Added,
            report.AlreadyPresent,
            report.Classes,
            Skipped = report.Skipped.Count,
            report.SplitGaps,
        };
    }

    static object Train(VidganLibrary lib, TrainJob j, JobProgress progress, CancellationToken cancel)
    {
        string folder = RunFolder(lib, j.Run);
        bool resume = new RunDirectory(folder).LatestCheckpoint() != null;
        var device = Devices.Parse(j.Device);
        var request = new TrainRequest
        {
            RunDir = folder,
            Resume = resume,
            Size = j.Size,
            Frames = j.Frames,
            Settings = j.Settings,
        };
        using var prepared = RunSetup.Prepare(lib, request, device);
        foreach (var note in prepared.Notes)
            progress.Log(note.Text);
        if (resume)
            progress.Log($"resuming {j.Run} from its last checkpoint");
        var result = TrainingSession.Run(
            lib,
            prepared,
            Budget(j),
            resume,
            device,
            new TrainingProgress(progress),
            cancel
        );
        cancel.ThrowIfCancellationRequested();
        return new
        {
            RunId = prepared.RunId,
            result.Step,
            Checkpoint = Path.GetFileName(result.CheckpointPath),
        };
    }

    static object Generate(VidganLibrary lib, GenerateJob j, JobProgress progress, CancellationToken cancel)
    {
        var run = FindRun(lib, j.RunId);
        var service = new GenerationService(lib, Devices.Parse(j.Device));
        // Curation across the whole batch (best K, K per class) needs every clip at once; otherwise the job works in
        // chunks, each committed to the library, so that a cancelled job leaves whole clips only.
        int chunk = j.TopK != null || j.MaxPerClass != null ? j.Count : GenerateChunk;
        var kept = new List<long>();
        int done = 0;
        while (done < j.Count)
        {
            cancel.ThrowIfCancellationRequested();
            int n = Math.Min(chunk, j.Count - done);
            var report = service.Run(
                new GenerateOptions
                {
                    RunDir = run.RunDir,
                    Count = n,
                    Class = j.Class,
                    Seed = j.Seed + done,
                    Format = j.Format,
                    Truncation = j.Truncation,
                    Curation = Rules(j),
                }
            );
            done += n;
            foreach (var clip in report.Clips)
            {
                progress.Log(
                    $"{clip.Name} - {clip.Score:0.00}" + (clip.Kept ? "" : $" (not kept: {clip.RejectReason})")
                );
                if (clip.AssetId is long id)
                    kept.Add(id);
            }
            progress.Report((double)done / j.Count, done, j.Count, null, $"{done} of {j.Count} clips", force: true);
        }
        return new
        {
            Generated = done,
            Kept = kept.Count,
            AssetIds = kept,
        };
    }

    static object Evaluate(VidganLibrary lib, EvaluateJob j, JobProgress progress)
    {
        var run = FindRun(lib, j.RunId);
        progress.Report(0, null, null, null, "evaluating", force: true);
        var report = new Evaluator(lib, Devices.Parse(j.Device)).Run(
            new EvaluateOptions(run.RunDir, Samples: j.Samples),
            progress.Log
        );
        AtomicFile.WriteAllText(new RunDirectory(run.RunDir).EvaluationPath, Json.Serialize(report));
        return new { Summary = report.Summary };
    }

    sealed class TrainingProgress(JobProgress progress) : ITrainingObserver
    {
        public void Started(TrainingStart start) =>
            progress.Log($"training from step {start.Step} on {start.Clips} clips");

        public void Step(StepStats s) =>
            progress.Report(
                s.Progress,
                s.Step,
                s.TargetStep,
                s.Remaining?.TotalSeconds,
                FormattableString.Invariant($"step {s.Step}: D {s.LossD:0.000} G {s.LossG:0.000}")
            );

        public void Info(string message) => progress.Log(message);

        public void CheckpointWritten(string path, long step) =>
            progress.Log($"checkpoint {Path.GetFileName(path)} (step {step})");
    }

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
    private static partial Regex RunName();
}
