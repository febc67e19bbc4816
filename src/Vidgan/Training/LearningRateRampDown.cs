using TorchSharp;

namespace Vidgan.Training;

/// <summary>Lowers both learning rates to zero along a half cosine over the last part of a run
/// (<see cref="Runs.TrainConfig.LearningRateRampDown"/>), so that the last checkpoint settles instead of catching
/// the networks mid-oscillation. The part is of the step target, else of the time budget (which, like
/// <c>--minutes</c>, counts from the start of this invocation, so a resumed run ramps down again at its own
/// end).</summary>
public static class LearningRateRampDown
{
    /// <summary>How far the run has come, 0 to 1: by step towards the target, by time through the budget, whichever
    /// ends it first (0 without either).</summary>
    public static double Progress(long step, long? targetStep, TimeSpan elapsed, TimeSpan? budget) =>
        Math.Max(
            targetStep is long target && target > 0 ? (double)step / target : 0,
            budget is TimeSpan b && b > TimeSpan.Zero ? elapsed / b : 0
        );

    /// <summary>The factor on the learning rates at <paramref name="progress"/> (0 to 1) through the run.</summary>
    public static double Factor(double progress, double fraction)
    {
        double start = 1 - fraction;
        if (fraction <= 0 || progress < start)
            return 1;
        return 0.5 * (1 + Math.Cos(Math.PI * Math.Min(1, (progress - start) / fraction)));
    }

    public static void Apply(torch.optim.Optimizer optimizer, double learningRate, double factor)
    {
        foreach (var group in optimizer.ParamGroups)
            group.LearningRate = learningRate * factor;
    }
}
