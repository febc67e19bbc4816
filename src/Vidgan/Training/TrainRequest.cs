using System.Text.Json.Nodes;
using Vidgan.Runs;

namespace Vidgan.Training;

/// <summary>What a user asks of training: the run folder, whether to resume it, which ingested clips to train on and
/// the settings given (<see cref="TrainSettings"/>); everything not given is decided by <see
/// cref="RunSetup"/>.</summary>
public sealed record TrainRequest
{
    public required string RunDir { get; init; }
    public bool Resume { get; init; }

    /// <summary>Clip size and length to train on; null takes the newest ingested clip set.</summary>
    public int? Size { get; init; }
    public int? Frames { get; init; }

    /// <summary>Ignore class labels.</summary>
    public bool Unconditional { get; init; }

    /// <summary>Settings given by a file or flags, with config.json's keys.</summary>
    public JsonObject Settings { get; init; } = new();
}

/// <summary>How long to train: to a step, or for a time (with neither, <see cref="DefaultSteps"/>).</summary>
public sealed record TrainBudget(long? Steps = null, TimeSpan? Time = null)
{
    public const long DefaultSteps = 2000;

    public long? TargetStep => Steps ?? (Time is null ? DefaultSteps : null);

    /// <summary>The budget as the front ends take it, a step count and minutes, checked before it becomes a
    /// duration.</summary>
    public static TrainBudget Of(long? steps, double? minutes)
    {
        if (minutes is double m && !(m > 0 && m <= TrainConfig.MaxMinutes))
            throw new VidganException(
                $"setting 'minutes' must be positive and at most {TrainConfig.MaxMinutes:0} (a year)",
                2
            );
        var budget = new TrainBudget(steps, minutes is double given ? TimeSpan.FromMinutes(given) : null);
        budget.Validate();
        return budget;
    }

    public void Validate()
    {
        if (Steps is <= 0)
            throw new VidganException("setting 'steps' must be positive", 2);
        if (Time is TimeSpan t && t <= TimeSpan.Zero)
            throw new VidganException("setting 'minutes' must be positive", 2);
    }
}
