using TorchSharp;
using Vidgan.Data;
using Vidgan.Generation;
using Vidgan.Library;
using Vidgan.Models;
using Vidgan.Runs;
using static TorchSharp.torch;

namespace Vidgan.Evaluation;

public sealed record EvaluateOptions(
    string RunDir,
    string? CheckpointFile = null,
    string Split = "test",
    int Samples = 512,
    double NearCopyThreshold = 0.02,
    int Seed = 1_000_000_007,
    int JudgeSteps = Judge.TrainSteps,
    string? I3dPath = null,
    int FvdSamples = 2048,
    bool UseEma = true
);

public sealed record Distribution(double Mean, double Std, double P10, double P50, double P90, int Count)
{
    public static Distribution Of(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToArray();
        double mean = sorted.Average();
        double std = Math.Sqrt(sorted.Sum(v => (v - mean) * (v - mean)) / Math.Max(1, sorted.Length - 1));
        double Q(double q) => sorted[(int)Math.Round(q * (sorted.Length - 1))];
        return new Distribution(mean, std, Q(0.1), Q(0.5), Q(0.9), sorted.Length);
    }
}

/// <param name="SelfSupervised">The clips had fewer than two classes, so the judge learned to tell clips as recorded
/// from shuffled and frozen ones; its "accuracy" on real clips is the share it calls in order.</param>
public sealed record JudgeReport(
    bool TrainedNow,
    int TrainClips,
    double RealAccuracy,
    double? GeneratedAccuracy,
    IReadOnlyDictionary<string, double>? GeneratedAccuracyByClass,
    IReadOnlyDictionary<string, double> GeneratedClassShare,
    bool SelfSupervised = false
);

/// <param name="RealVsRealFloor">Between two disjoint halves of the real clips (neither seen by the judge in
/// training).</param> <param name="GeneratedVsRealMatched">Between as many generated clips as a half holds and the
/// second half: the Fréchet distance grows as samples shrink, so only this one compares fairly with the floor.</param>
/// <param name="Dimensions">The distance is measured in this many principal components of the judge's features of the
/// real training clips: covariances of a few dozen clips in the full 128 dimensions would be rank-deficient.</param>
public sealed record FrechetReport(
    double GeneratedVsReal,
    double GeneratedVsRealMatched,
    double RealVsRealFloor,
    int GeneratedSamples,
    int RealSamples,
    int FloorSamples,
    int Dimensions
);

public sealed record MemorizationReport(
    double Threshold,
    int NearCopies,
    double NearestPixelMin,
    double NearestPixelMean,
    double RealHeldOutNearestPixelMean,
    double NearestJudgeMean,
    double RealHeldOutNearestJudgeMean
);

/// <summary>For models that continue given frames: the predicted frames against the true ones (frame by frame), beside
/// the trivial prediction that repeats the last given frame.</summary>
public sealed record PredictionReport(
    int ContextFrames,
    int PredictedFrames,
    int Clips,
    FrameMetricsResult Model,
    FrameMetricsResult CopyLastFrame
);

/// <summary>The standard FVD (I3D Kinetics-400 logits, 16 frames at 224×224 in [-1, 1]), with the same real-vs-real
/// floor.</summary>
public sealed record FvdReport(
    string I3d,
    double Fvd,
    int GeneratedSamples,
    int RealSamples,
    double RealVsRealFloor,
    int FloorSamples
);

public sealed record EvaluationReport(
    string Run,
    string Checkpoint,
    long Step,
    string Architecture,
    string Split,
    int RealClips,
    JudgeReport Judge,
    FrechetReport Frechet,
    PrdcResult Prdc,
    MemorizationReport Memorization,
    Distribution GeneratedScores,
    Distribution RealScores,
    PredictionReport? Prediction = null,
    FvdReport? Fvd = null
);

/// <summary>Measures a trained run against held-out real clips with metrics that need no download: a judge
/// classifier trained on the library's own clips (class accuracy, Fréchet distance and PRDC in its feature space),
/// memorization checks, and the discriminators' score distributions.</summary>
public sealed class Evaluator(VidganLibrary library, Device device)
{
    public const int FrechetDimensions = 16;

    /// <summary>Fréchet distances in the top principal components of the training clips' features. The floor: two
    /// random halves of the real clips. The matched figure: as many generated clips, drawn at random (continuations
    /// follow the real clips' order, which can be sorted by class), against the second half.</summary>
    internal static FrechetReport CompareFeatures(Tensor realFeatures, Tensor genFeatures, Tensor trainFeatures)
    {
        using var scope = torch.NewDisposeScope();
        long realCount = realFeatures.shape[0],
            genCount = genFeatures.shape[0],
            half = realCount / 2;
        var order = torch.randperm(realCount, generator: new torch.Generator(7));
        var generatedOrder = torch.randperm(genCount, generator: new torch.Generator(8));
        int dims = (int)Math.Clamp(half / 4, 2, FrechetDimensions);
        var basis = FrechetDistance.PrincipalBasis(trainFeatures.to_type(ScalarType.Float64), dims);
        Tensor Project(Tensor f) => f.to_type(ScalarType.Float64).matmul(basis);
        var realP = Project(realFeatures);
        var genP = Project(genFeatures);
        var halfA = realP.index_select(0, order.narrow(0, 0, half));
        var halfB = realP.index_select(0, order.narrow(0, half, half));
        return new FrechetReport(
            FrechetDistance.Compute(realP, genP),
            FrechetDistance.Compute(halfB, genP.index_select(0, generatedOrder.narrow(0, 0, Math.Min(half, genCount)))),
            FrechetDistance.Compute(halfA, halfB),
            (int)genCount,
            (int)realCount,
            (int)half,
            dims
        );
    }

    public EvaluationReport Run(EvaluateOptions o, Action<string>? progress = null)
    {
        if (o.Samples < 16 || o.Samples > 20_000)
            throw new VidganException("--samples must be between 16 and 20000", 2);
        if (o.Split is not (Split.Test or Split.Train))
            throw new VidganException("--split must be test or train", 2);
        if (o.FvdSamples < 16)
            throw new VidganException("--fvd-samples must be at least 16", 2);
        // A bad I3D file should fail before minutes of judge training and sampling.
        using var i3d = o.I3dPath is null ? null : I3dFeatures.Load(o.I3dPath, device);
        var run = new RunDirectory(o.RunDir);
        using var trained = TrainedModel.Open(run, o.CheckpointFile, device);
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
                $"evaluation needs at least 4 real {o.Split} clips; the library has {real.Count}"
            );

        progress?.Invoke("judge: loading or training the classifier of real clips");
        var (judge, trainedNow) = Judge.LoadOrTrain(library.Root, train, device, steps: o.JudgeSteps);
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
        // Generated clip i (i < real.Count) continues real clip i, so the real clips themselves are the truth.
        var prediction =
            model.ContextFrames == 0
                ? null
                : Predictions(generated, realClips, model.ContextFrames, Math.Min(o.Samples, real.Count));
        FvdReport? fvd = null;
        if (i3d != null)
        {
            progress?.Invoke($"standard FVD: I3D features of {o.FvdSamples} generated and {real.Count} real clips");
            var parts = new List<Tensor>();
            for (int from = 0; from < o.FvdSamples; from += 256)
                using (var chunk = Generate(from, Math.Min(256, o.FvdSamples - from)))
                    parts.Add(i3d.Features(chunk));
            using var fake = torch.cat(parts, 0);
            using var realI3d = i3d.Features(realClips);
            using var halves = torch.randperm(real.Count, generator: new torch.Generator(11));
            long h = real.Count / 2;
            fvd = new FvdReport(
                o.I3dPath!,
                FrechetDistance.Compute(realI3d, fake),
                o.FvdSamples,
                real.Count,
                FrechetDistance.Compute(
                    realI3d.index_select(0, halves.narrow(0, 0, h)),
                    realI3d.index_select(0, halves.narrow(0, h, h))
                ),
                (int)h
            );
            foreach (var part in parts)
                part.Dispose();
        }

        progress?.Invoke("measuring");
        var (genFeatures, genProbs) = judge.Apply(generated);
        var (realFeatures, realProbs) = judge.Apply(realClips);
        Tensor trainFeatures;
        using (torch.NewDisposeScope()) // the float copy of every training clip is large: free it at once
            trainFeatures = judge.Apply(ClipTensors.FromBytes(train.Clips)).Features.MoveToOuterDisposeScope();

        var judgeReport = JudgeAccuracy(judge, real, realProbs, genProbs, model, classes) with
        {
            TrainedNow = trainedNow,
            TrainClips = train.Count,
        };
        var frechet = CompareFeatures(realFeatures, genFeatures, trainFeatures);
        var prdc = Prdc.Compute(realFeatures, genFeatures, k: 5);

        double[] genPixel = Scoring.NearestDistances(generated, train.Clips);
        double[] realPixel = Scoring.NearestDistances(realClips, train.Clips);
        double genJudge = torch.cdist(genFeatures, trainFeatures).min(1).values.mean().item<float>();
        double realJudge = torch.cdist(realFeatures, trainFeatures).min(1).values.mean().item<float>();
        var memorization = new MemorizationReport(
            o.NearCopyThreshold,
            genPixel.Count(d => d < o.NearCopyThreshold),
            genPixel.Min(),
            genPixel.Average(),
            realPixel.Average(),
            genJudge,
            realJudge
        );

        var genScores = Scoring.DiscriminatorScores(models, generated, model.Conditional ? classes : null);
        var realScores = Scoring.DiscriminatorScores(
            models,
            realClips,
            model.Conditional ? real.ClassIndices.Select(c => (int)c).ToArray() : null
        );
        return new EvaluationReport(
            run.Root,
            checkpoint,
            header.Step,
            model.Architecture,
            o.Split,
            real.Count,
            judgeReport,
            frechet,
            prdc,
            memorization,
            Distribution.Of(genScores),
            Distribution.Of(realScores),
            prediction,
            fvd
        );
    }

    /// <summary>Frame metrics of the predicted frames of the first <paramref name="clips"/> generated clips (one per
    /// real clip).</summary>
    static PredictionReport Predictions(Tensor generated, Tensor truth, int k, int clips)
    {
        using var scope = torch.NewDisposeScope();
        long predicted = truth.shape[2] - k;
        Tensor Unit(Tensor x) => x.narrow(0, 0, clips).narrow(2, k, predicted).add(1).div(2).clamp(0, 1);
        var target = Unit(truth);
        var copyLast = truth.narrow(0, 0, clips).narrow(2, k - 1, 1).expand(-1, -1, predicted, -1, -1).add(1).div(2);
        return new PredictionReport(
            k,
            (int)predicted,
            clips,
            FrameMetrics.Compute(Unit(generated), target),
            FrameMetrics.Compute(copyLast, target)
        );
    }

    static JudgeReport JudgeAccuracy(
        Judge judge,
        TrainingSet real,
        Tensor realProbs,
        Tensor genProbs,
        ModelConfig model,
        int[] requested
    )
    {
        long[] realPred = realProbs.argmax(1).data<long>().ToArray();
        double realAcc = realPred.Zip(real.ClassIndices).Average(p => p.First == p.Second ? 1.0 : 0.0);
        long[] genPred = genProbs.argmax(1).data<long>().ToArray();
        var share = judge
            .Classes.Select((name, i) => (name, share: genPred.Average(p => p == i ? 1.0 : 0.0)))
            .ToDictionary(x => x.name, x => x.share);
        if (!model.Conditional || judge.IsPretext)
            return new JudgeReport(false, 0, realAcc, null, null, share, judge.IsPretext);
        // The model's class indices follow its own class list; the judge's may differ in order.
        var judgeIndex = model.Classes.Select(c => judge.Classes.ToList().IndexOf(c)).ToArray();
        var hits = genPred.Select((p, i) => p == judgeIndex[requested[i]]).ToArray();
        var byClass = model
            .Classes.Select(
                (name, c) =>
                    (
                        name,
                        acc: hits.Where((_, i) => requested[i] == c).DefaultIfEmpty(false).Average(h => h ? 1.0 : 0.0)
                    )
            )
            .ToDictionary(x => x.name, x => x.acc);
        // Balanced: the mean of the per-class accuracies, so a frequent easy class cannot hide a failing one.
        return new JudgeReport(false, 0, realAcc, byClass.Values.Average(), byClass, share);
    }
}
