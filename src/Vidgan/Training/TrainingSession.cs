using Vidgan.Library;
using Vidgan.Util;
using static TorchSharp.torch;

namespace Vidgan.Training;

/// <summary>Trains a prepared run: the trainer (with the bf16 → fp32 fallback for auto precision), every checkpoint
/// recorded in the library's catalog as it is written.</summary>
public static class TrainingSession
{
    public static TrainResult Run(
        VidganLibrary library,
        PreparedRun prepared,
        TrainBudget budget,
        bool resume,
        Device device,
        ITrainingObserver observer,
        CancellationToken cancel
    )
    {
        budget.Validate();
        if (resume)
            RecordUnrecorded(library, prepared);
        if (resume && prepared.Run.LatestCheckpoint() is string latest)
            CheckpointIntegrity.Require(library.Catalog, latest);
        var recording = new CatalogObserver(observer, library, prepared.RunId);
        var (quality, why) =
            prepared.Config.QualityEveryMinutes > 0
                ? QualityProbe.For(
                    library,
                    prepared.Data,
                    prepared.Config.Model,
                    device,
                    TimeSpan.FromMinutes(prepared.Config.QualityEveryMinutes)
                )
                : (null, null);
        using var probe = quality;
        if (why != null)
            observer.Info(why);
        // A time budget covers both attempts when bf16 falls back to fp32.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        TimeSpan? Remaining() =>
            budget.Time is TimeSpan t ? (t > clock.Elapsed ? t - clock.Elapsed : TimeSpan.Zero) : null;
        void Warn(string message) => observer.Info($"warning: {message}");
        return PrecisionFallback.Run(
            prepared.Config,
            prepared.Run,
            resume,
            Warn,
            (config, again) =>
                ScalarRace.ResumeAfter(
                    fromCheckpoint =>
                        new Trainer(config, prepared.Run, prepared.Data, device, recording, library.Cipher, probe).Run(
                            budget.TargetStep,
                            Remaining(),
                            fromCheckpoint,
                            cancel
                        ),
                    again,
                    Warn
                )
        );
    }

    /// <summary>A run killed after a checkpoint's rename and before its catalog row leaves a whole file (written under
    /// a temporary name) that the catalog does not know: it is recorded now, before the resume loads it.</summary>
    static void RecordUnrecorded(VidganLibrary library, PreparedRun prepared)
    {
        foreach (var (step, path) in prepared.Run.Checkpoints())
            if (library.Catalog.RecordedCheckpointSha(path) is null)
                library.Catalog.AddCheckpoint(prepared.RunId, Hashing.Sha256File(path), step, path);
    }

    sealed class CatalogObserver(ITrainingObserver inner, VidganLibrary library, long runId) : ITrainingObserver
    {
        public void Started(TrainingStart start) => inner.Started(start);

        public void Step(StepStats stats) => inner.Step(stats);

        public void Info(string message) => inner.Info(message);

        public void CheckpointWritten(string path, long step)
        {
            library.Catalog.AddCheckpoint(runId, Hashing.Sha256File(path), step, path);
            inner.CheckpointWritten(path, step);
        }
    }
}
