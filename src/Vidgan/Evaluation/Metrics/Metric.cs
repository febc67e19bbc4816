using Vidgan.Data;
using Vidgan.Models;
using static TorchSharp.torch;

namespace Vidgan.Evaluation;

/// <summary>What every metric may read, computed once per evaluation: the run's networks, the real clips (training and
/// the compared split), the generated clips with the classes they were asked for, and the judge's features and class
/// probabilities of all three.</summary> <param name="Generate">Draws more clips the way <paramref name="Generated"/>
/// were drawn (from index, count).</param>
public sealed record EvaluationContext(
    EvaluateOptions Options,
    GanModels Models,
    ModelConfig Model,
    TrainingSet Train,
    TrainingSet Real,
    Tensor RealClips,
    Tensor Generated,
    int[] RequestedClasses,
    Judge Judge,
    JudgeSource JudgeSource,
    Tensor RealFeatures,
    Tensor RealProbabilities,
    Tensor GeneratedFeatures,
    Tensor GeneratedProbabilities,
    Tensor TrainFeatures,
    Func<int, int, Tensor> Generate,
    I3dFeatures? I3d,
    Action<string>? Progress
);

/// <summary>One measure of a run: its section of the report (under <see cref="Key"/>) and its lines of the summary. A
/// new metric is one subclass and one line in <see cref="MetricRegistry"/>.</summary>
public interface IMetric
{
    /// <summary>The section's key in the report and its JSON.</summary>
    string Key { get; }

    /// <summary>The section, or null when the metric does not apply to this run.</summary>
    object? Measure(EvaluationContext context);

    /// <summary>The summary lines of a section this metric measured.</summary>
    IEnumerable<string> Summarize(object section, EvaluationReport report);
}

/// <summary>A metric whose section is a <typeparamref name="T"/>.</summary>
public abstract class Metric<T> : IMetric
    where T : class
{
    public abstract string Key { get; }

    public abstract T? Measure(EvaluationContext c);

    public abstract IEnumerable<string> Summarize(T s, EvaluationReport r);

    object? IMetric.Measure(EvaluationContext context) => Measure(context);

    IEnumerable<string> IMetric.Summarize(object section, EvaluationReport report) => Summarize((T)section, report);
}
