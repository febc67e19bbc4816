using Vidgan.Training;

namespace Vidgan.Tests.Support;

/// <summary>A training observer that keeps the step statistics and messages a run reports.</summary>
/// <param name="onStep">Also runs on each reported step, on the training thread.</param>
public sealed class RecordingObserver(Action<StepStats>? onStep = null) : ITrainingObserver
{
    public List<StepStats> Steps { get; } = new();
    public List<string> Messages { get; } = new();

    public void Started(TrainingStart start) { }

    public void Step(StepStats stats)
    {
        Steps.Add(stats);
        onStep?.Invoke(stats);
    }

    public void Info(string message) => Messages.Add(message);

    public void CheckpointWritten(string path, long step) { }
}
