using System.Globalization;
using Vidgan.Models;
using Vidgan.Util;

namespace Vidgan.Runs;

/// <summary>A training run's folder: config.json, checkpoints/, samples/ and tensorboard/.</summary>
public sealed class RunDirectory(string path)
{
    public string Root { get; } = Path.GetFullPath(path);
    public string ConfigPath => Path.Combine(Root, "config.json");
    public string CheckpointDir => Path.Combine(Root, "checkpoints");
    public string SampleDir => Path.Combine(Root, "samples");
    public string TensorBoardDir => Path.Combine(Root, "tensorboard");

    /// <summary>The losses every few steps as CSV (step, loss_d, loss_g, d_real, d_fake, clips_per_second); a
    /// resumed run appends, so a step may appear twice and the last row wins.</summary>
    public string LossesPath => Path.Combine(Root, "losses.csv");

    /// <summary>The report of the last evaluation a job ran (evaluate's JSON).</summary>
    public string EvaluationPath => Path.Combine(Root, "evaluation.json");

    public string CheckpointPath(long step) =>
        Path.Combine(CheckpointDir, $"step-{step.ToString("D8", CultureInfo.InvariantCulture)}{Checkpoint.Extension}");

    public IReadOnlyList<(long Step, string Path)> Checkpoints()
    {
        if (!Directory.Exists(CheckpointDir))
            return Array.Empty<(long, string)>();
        return Directory
            .EnumerateFiles(CheckpointDir, "step-*" + Checkpoint.Extension)
            .Select(p => (Step: long.TryParse(Path.GetFileNameWithoutExtension(p)[5..], out long s) ? s : -1, Path: p))
            .Where(c => c.Step >= 0)
            .OrderBy(c => c.Step)
            .ToArray();
    }

    public string? LatestCheckpoint() => Checkpoints() is [.., var last] ? last.Path : null;

    /// <summary>The checkpoint to sample from: the given file, or the run's latest.</summary>
    public string ResolveCheckpoint(string? explicitFile)
    {
        if (explicitFile != null)
            return Path.GetFullPath(explicitFile);
        if (!Directory.Exists(Root))
            throw new VidganException($"run folder {Root} does not exist");
        return LatestCheckpoint()
            ?? throw new VidganException($"run folder {Root} has no checkpoints yet: train it first");
    }

    /// <summary>Refuses a checkpoint whose model differs from the one this run trains (another architecture, size, clip
    /// length, condition or class list): loading it would fail halfway or silently change what the run means.</summary>
    public void RequireFits(string checkpoint, ModelConfig checkpointModel)
    {
        if (!File.Exists(ConfigPath))
            return;
        var run = Json.Deserialize<TrainConfig>(File.ReadAllText(ConfigPath)).Model;
        static string Describe(ModelConfig m) =>
            $"{m.Architecture} {m.Size}×{m.Size}×{m.Frames}, condition {SettingNames.Name(m.Condition)}"
            + (m.ContextFrames > 0 ? $" ({m.ContextFrames} given)" : "")
            + (m.Conditional ? $", classes {string.Join("/", m.Classes)}" : "");
        if (Describe(run) != Describe(checkpointModel))
            throw new VidganException(
                $"checkpoint {checkpoint} is from another model ({Describe(checkpointModel)}); run {Root} trains "
                    + $"{Describe(run)}",
                2
            );
    }

    public void PruneCheckpoints(int keep)
    {
        var all = Checkpoints();
        foreach (var (_, p) in all.Take(Math.Max(0, all.Count - keep)))
            File.Delete(p);
    }
}
