using TorchSharp;

namespace Vidgan.Training;

/// <summary>Lowers both learning rates to zero along a half cosine over the last part of a run with a step target
/// (<see cref="Runs.TrainConfig.LearningRateRampDown"/>), so that the last checkpoint settles instead of catching
/// the networks mid-oscillation. Runs with a time budget alone keep their learning rates.</summary>
public static class LearningRateRampDown
{
    /// <summary>The factor on the learning rates for the step about to run (0-based), given the run's target.</summary>
    public static double Factor(long step, long? targetStep, double fraction)
    {
        if (fraction <= 0 || targetStep is not long target || target <= 0)
            return 1;
        double start = target * (1 - fraction);
        if (step < start)
            return 1;
        double progress = Math.Min(1, (step - start) / (target - start));
        return 0.5 * (1 + Math.Cos(Math.PI * progress));
    }

    public static void Apply(torch.optim.Optimizer optimizer, double learningRate, double factor)
    {
        foreach (var group in optimizer.ParamGroups)
            group.LearningRate = learningRate * factor;
    }
}
