using System.Text.Json.Serialization;
using TorchSharp;
using Vidgan.Data;
using Vidgan.Library;
using Vidgan.Models;
using Vidgan.Runs;
using Vidgan.Util;
using static TorchSharp.torch;

namespace Vidgan.Evaluation;

public sealed record EvaluateOptions(
    string RunDir,
    string? CheckpointFile = null,
    Split Split = Split.Test,
    int Samples = 512,
    double NearCopyThreshold = 0.02,
    int Seed = 1_000_000_007,
    int JudgeSteps = Judge.TrainSteps,
    string? I3dPath = null,
    int FvdSamples = 2048,
    bool UseEma = true
)
{
    /// <summary>Checks the numbers before any work, so that a command which trains first (the demo) fails at
    /// once.</summary>
    public void Validate()
    {
        if (Samples < 16 || Samples > 20_000)
            throw new VidganException("setting 'samples' must be between 16 and 20000", 2);
        if (FvdSamples < 16)
            throw new VidganException("setting 'fvd_samples' must be at least 16", 2);
        if (JudgeSteps < 1)
            throw new VidganException("setting 'judge_steps' must be at least 1", 2);
    }
}

/// <summary>What was measured (run, checkpoint, split) and each metric's section under its key
/// (<see cref="MetricRegistry"/>); in JSON the sections sit beside the header fields.</summary>
public sealed record EvaluationReport(
    string Run,
    string Checkpoint,
    long Step,
    string Architecture,
    Split Split,
    int RealClips
)
{
    [JsonExtensionData]
    public Dictionary<string, object> Sections { get; init; } = new();

    /// <summary>False when the judge does not know real clips, so that its feature-space figures mean nothing
    /// (<see cref="JudgeTrust"/>).</summary>
    public bool Trustworthy { get; init; } = true;

    /// <summary>Why the figures are not trustworthy, and what to try; null when they are.</summary>
    public string? Untrustworthy { get; init; }

    /// <summary>The split as the library and the CLI name it (test, train).</summary>
    [JsonIgnore]
    public string SplitName => SettingNames.Name(Split);

    /// <summary>The summary, one or more lines per metric, in the registry's order.</summary>
    [JsonIgnore]
    public IReadOnlyList<string> Summary { get; init; } = [];

    /// <summary>The section of type <typeparamref name="T"/>, or null when no metric measured one.</summary>
    public T? Find<T>()
        where T : class => Sections.Values.OfType<T>().FirstOrDefault();

    public T Get<T>()
        where T : class => Find<T>() ?? throw new InvalidOperationException($"the report has no {typeof(T).Name}");
}

/// <summary>Measures a trained run against held-out real clips with metrics that need no download: a judge
/// classifier trained on the library's own clips (class accuracy, Fréchet distance and PRDC in its feature space),
/// memorization checks, and the discriminators' score distributions; each metric is one class in Metrics/.</summary>
public sealed class Evaluator(VidganLibrary library, Device device)
{
    public EvaluationReport Run(EvaluateOptions o, Action<string>? progress = null)
    {
        o.Validate();
        // A bad I3D file should fail before minutes of judge training and sampling.
        using var i3d = o.I3dPath is null ? null : I3dFeatures.Load(o.I3dPath, device);
        var run = new RunDirectory(o.RunDir);
        using var trained = TrainedModel.Open(run, o.CheckpointFile, device, library.Catalog, library.Cipher);
        var (checkpoint, header, models) = (trained.CheckpointPath, trained.Header, trained.Models);
        var model = header.Config.Model;
        var set =
            library.Catalog.FindClipSet(header.Config.ClipSetKey)
            ?? throw new VidganException($"the clips this run was trained on are not in {library.Root}");
        // Unlabelled (or single-class) clips are still measured: the judge then learns a self-supervised task instead.
        bool labelled =
            library.Catalog.Clips(set.Id, Split.Train).Select(c => c.Class).Where(c => c != null).Distinct().Count()
            >= 2;
        using var train = TrainingSet.Load(library, set, Split.Train, conditional: labelled);
        using var real = TrainingSet.Load(
            library,
            set,
            o.Split,
            conditional: labelled,
            labelled ? train.ClassNames : null
        );
        if (real.Count < 4)
            throw new VidganException(
                $"evaluation needs at least 4 real {SettingNames.Name(o.Split)} clips; the library has {real.Count} "
                    + "(ingest more videos; --test-fraction sets the share of new ones held out)"
            );

        progress?.Invoke("judge: loading or training the classifier of real clips");
        var (judge, judgeSource) = Judge.LoadOrTrain(library, train, device, steps: o.JudgeSteps);
        using var judgeScope = judge;

        progress?.Invoke($"generating {o.Samples} clips");
        // Requested classes follow the real clips' class frequencies, so feature statistics compare like with like.
        var realClassOrder = Enumerable
            .Range(0, real.Count)
            .Select(i => labelled ? real.ClassNames[(int)real.ClassIndices[i]] : "")
            .ToArray();
        new Random(o.Seed).Shuffle(realClassOrder);
        using var realClips = ClipTensors.FromBytes(real.Clips);
        // Sample i asks for the class of a real clip (in the real clips' frequencies); models that continue given
        // frames start from real clip i's first frames instead, with its class.
        int ClassOf(int i) =>
            !model.Conditional || !labelled ? 0
            : model.ContextFrames > 0 ? model.ClassIndex(real.ClassNames[(int)real.ClassIndices[i % real.Count]])
            : model.ClassIndex(realClassOrder[i % realClassOrder.Length]);
        var generator = o.UseEma ? models.GeneratorEma : models.Generator;
        Tensor Generate(int from, int count)
        {
            var indices = Enumerable.Range(from, count).ToArray();
            using var given =
                model.ContextFrames > 0
                    ? realClips
                        .index_select(0, torch.tensor(indices.Select(i => (long)(i % real.Count)).ToArray()))
                        .narrow(2, 0, model.ContextFrames)
                    : null;
            return ClipSampler.Sample(
                generator,
                model,
                device,
                indices.Select(i => (long)o.Seed + i).ToArray(),
                indices.Select(ClassOf).ToArray(),
                context: given
            );
        }
        int[] classes = Enumerable.Range(0, o.Samples).Select(ClassOf).ToArray();
        using var generated = Generate(0, o.Samples);

        progress?.Invoke("measuring");
        var (genFeatures, genProbs) = judge.Apply(generated);
        var (realFeatures, realProbs) = judge.Apply(realClips);
        Tensor trainFeatures;
        using (torch.NewDisposeScope()) // the float copy of every training clip is large: free it at once
            trainFeatures = judge.Apply(ClipTensors.FromBytes(train.Clips)).Features.MoveToOuterDisposeScope();
        using var featureScope = trainFeatures;
        var context = new EvaluationContext(
            o,
            models,
            model,
            train,
            real,
            realClips,
            generated,
            classes,
            judge,
            judgeSource,
            realFeatures,
            realProbs,
            genFeatures,
            genProbs,
            trainFeatures,
            Generate,
            i3d,
            progress
        );
        var report = new EvaluationReport(run.Root, checkpoint, header.Step, model.Architecture, o.Split, real.Count);
        var summary = new List<string>();
        foreach (var metric in MetricRegistry.All)
        {
            if (metric.Measure(context) is not object section)
                continue;
            report.Sections[metric.Key] = section;
            summary.AddRange(metric.Summarize(section, report));
        }
        if (report.Find<JudgeReport>() is JudgeReport j && JudgeTrust.Problem(j, report.SplitName) is string problem)
        {
            summary.Insert(0, "  WARNING          " + problem);
            return report with { Summary = summary, Trustworthy = false, Untrustworthy = problem };
        }
        return report with { Summary = summary };
    }
}
