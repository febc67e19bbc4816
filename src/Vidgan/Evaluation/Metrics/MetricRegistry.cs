namespace Vidgan.Evaluation;

/// <summary>The metrics `vidgan evaluate` reports, in the order of the report and its summary.</summary>
public static class MetricRegistry
{
    public static IReadOnlyList<IMetric> All { get; } =
    [
        new JudgeMetric(),
        new FrechetMetric(),
        new RandomFrechetMetric(),
        new PrdcMetric(),
        new MotionMetric(),
        new MemorizationMetric(),
        new ScoresMetric(),
        new FvdMetric(),
        new PredictionMetric(),
    ];
}
