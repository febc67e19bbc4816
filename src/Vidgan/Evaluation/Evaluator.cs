using TorchSharp;
using Vidgan.Data;
using Vidgan.Generation;
using Vidgan.Library;
using Vidgan.Models;
using Vidgan.Training;
using static TorchSharp.torch;

namespace Vidgan.Evaluation;

public sealed record EvaluateOptions(string RunDir, string? CheckpointFile = null, string Split = "test", int Samples = 512,
    double NearCopyThreshold = 0.02, int Seed = 1_000_000_007, int JudgeSteps = Judge.TrainSteps);

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

public sealed record JudgeReport(bool TrainedNow, int TrainClips, double RealAccuracy, double? GeneratedAccuracy,
    IReadOnlyDictionary<string, double>? GeneratedAccuracyByClass, IReadOnlyDictionary<string, double> GeneratedClassShare);

/// <param name="RealVsRealFloor">Between two disjoint halves of the real clips (neither seen by the judge in training).</param>
/// <param name="GeneratedVsRealMatched">Between as many generated clips as a half holds and the second half: the Fréchet
/// distance grows as samples shrink, so only this one compares fairly with the floor.</param>
/// <param name="Dimensions">The distance is measured in this many principal components of the judge's features of the
/// real training clips: covariances of a few dozen clips in the full 128 dimensions would be rank-deficient.</param>
public sealed record FrechetReport(double GeneratedVsReal, double GeneratedVsRealMatched, double RealVsRealFloor,
    int GeneratedSamples, int RealSamples, int FloorSamples, int Dimensions);

public sealed record MemorizationReport(double Threshold, int NearCopies, double NearestPixelMin, double NearestPixelMean,
    double RealHeldOutNearestPixelMean, double NearestJudgeMean, double RealHeldOutNearestJudgeMean);

/// <summary>For models that continue given frames: the predicted frames against the true ones (frame by frame), beside
/// the trivial prediction that repeats the last given frame.</summary>
public sealed record PredictionReport(int ContextFrames, int PredictedFrames, int Clips, FrameMetricsResult Model, FrameMetricsResult CopyLastFrame);

public sealed record EvaluationReport(string Run, string Checkpoint, long Step, string Architecture, string Split,
    int RealClips, JudgeReport Judge, FrechetReport Frechet, PrdcResult Prdc, MemorizationReport Memorization,
    Distribution GeneratedScores, Distribution RealScores, PredictionReport? Prediction = null);

/// <summary>Measures a trained run against held-out real clips with metrics that need no download: a judge
/// classifier trained on the library's own clips (class accuracy, Fréchet distance and PRDC in its feature space),
/// memorization checks, and the discriminators' score distributions.</summary>
public sealed class Evaluator(VidganLibrary library, Device device)
{
    public const int FrechetDimensions = 16;

    public EvaluationReport Run(EvaluateOptions o, Action<string>? progress = null)
    {
        if (o.Samples < 16 || o.Samples > 20_000) throw new VidganException("--samples must be between 16 and 20000", 2);
        if (o.Split is not (Split.Test or Split.Train)) throw new VidganException("--split must be test or train", 2);
        var run = new RunDirectory(o.RunDir);
        string checkpoint = run.ResolveCheckpoint(o.CheckpointFile);
        var header = Checkpoint.ReadHeader(checkpoint);
        var model = header.Config.Model;
        run.RequireFits(checkpoint, model);
        var set = library.Catalog.ClipSets().FirstOrDefault(s => s.Key == header.Config.ClipSetKey)
            ?? throw new VidganException($"the clips this run was trained on are not in {library.Root}");
        using var train = TrainingSet.Load(library, set, Split.Train, conditional: true);
        using var real = TrainingSet.Load(library, set, o.Split, conditional: true, train.ClassNames);
        if (real.Count < 4) throw new VidganException($"evaluation needs at least 4 real {o.Split} clips; the library has {real.Count}");

        progress?.Invoke("judge: loading or training the classifier of real clips");
        var (judge, trainedNow) = Judge.LoadOrTrain(library.Root, train, device, steps: o.JudgeSteps);
        using var judgeScope = judge;
        using var models = new GanModels(model, device);
        Checkpoint.Load(checkpoint, models);

        progress?.Invoke($"generating {o.Samples} clips");
        // Requested classes follow the real clips' class frequencies, so feature statistics compare like with like.
        var realClassOrder = Enumerable.Range(0, real.Count).Select(i => real.ClassNames[(int)real.ClassIndices[i]]).ToArray();
        new Random(o.Seed).Shuffle(realClassOrder);
        int[] classes = Enumerable.Range(0, o.Samples)
            .Select(i => model.Conditional ? model.ClassIndex(realClassOrder[i % realClassOrder.Length]) : 0).ToArray();
        long[] seeds = Enumerable.Range(0, o.Samples).Select(i => (long)o.Seed + i).ToArray();
        using var realClips = ClipTensors.FromBytes(real.Clips);
        // Models that continue given frames start from the real clips' first frames (and their classes).
        using var truth = model.ContextFrames > 0 ? realClips.index_select(0, torch.tensor(Enumerable.Range(0, o.Samples).Select(i => (long)(i % real.Count)).ToArray())) : null;
        if (truth is not null && model.Conditional)
            classes = Enumerable.Range(0, o.Samples).Select(i => model.ClassIndex(real.ClassNames[(int)real.ClassIndices[i % real.Count]])).ToArray();
        using var generated = ClipSampler.Sample(models.GeneratorEma, model, device, seeds, classes, context: truth?.narrow(2, 0, model.ContextFrames));
        var prediction = truth is null ? null : Predictions(generated, truth, model.ContextFrames, Math.Min(o.Samples, real.Count));

        progress?.Invoke("measuring");
        var (genFeatures, genProbs) = judge.Apply(generated);
        var (realFeatures, realProbs) = judge.Apply(realClips);
        var (trainFeatures, _) = judge.Apply(ClipTensors.FromBytes(train.Clips));

        var judgeReport = JudgeAccuracy(judge, real, realProbs, genProbs, model, classes) with { TrainedNow = trainedNow, TrainClips = train.Count };
        // The floor: two random halves of the real clips. The matched figure: as many generated clips against the second half.
        using var order = torch.randperm(real.Count, generator: new torch.Generator(7));
        long half = real.Count / 2;
        int dims = (int)Math.Clamp(half / 4, 2, FrechetDimensions);
        var basis = FrechetDistance.PrincipalBasis(trainFeatures.to_type(ScalarType.Float64), dims);
        Tensor Project(Tensor f) => f.to_type(ScalarType.Float64).matmul(basis);
        var realP = Project(realFeatures);
        var genP = Project(genFeatures);
        var halfA = realP.index_select(0, order.narrow(0, 0, half));
        var halfB = realP.index_select(0, order.narrow(0, half, half));
        var frechet = new FrechetReport(FrechetDistance.Compute(realP, genP),
            FrechetDistance.Compute(halfB, genP.narrow(0, 0, Math.Min(half, genP.shape[0]))),
            FrechetDistance.Compute(halfA, halfB), (int)genFeatures.shape[0], (int)realFeatures.shape[0], (int)half, dims);
        var prdc = Prdc.Compute(realFeatures, genFeatures, k: 5);

        double[] genPixel = Scoring.NearestDistances(generated, train.Clips);
        double[] realPixel = Scoring.NearestDistances(realClips, train.Clips);
        double genJudge = torch.cdist(genFeatures, trainFeatures).min(1).values.mean().item<float>();
        double realJudge = torch.cdist(realFeatures, trainFeatures).min(1).values.mean().item<float>();
        var memorization = new MemorizationReport(o.NearCopyThreshold, genPixel.Count(d => d < o.NearCopyThreshold),
            genPixel.Min(), genPixel.Average(), realPixel.Average(), genJudge, realJudge);

        var genScores = Scoring.DiscriminatorScores(models, generated, model.Conditional ? classes : null);
        var realScores = Scoring.DiscriminatorScores(models, realClips, model.Conditional ? real.ClassIndices.Select(c => (int)c).ToArray() : null);
        return new EvaluationReport(run.Root, checkpoint, header.Step, model.Architecture, o.Split, real.Count, judgeReport,
            frechet, prdc, memorization, Distribution.Of(genScores), Distribution.Of(realScores), prediction);
    }

    /// <summary>Frame metrics of the predicted frames of the first <paramref name="clips"/> generated clips (one per real clip).</summary>
    static PredictionReport Predictions(Tensor generated, Tensor truth, int k, int clips)
    {
        using var scope = torch.NewDisposeScope();
        long predicted = truth.shape[2] - k;
        Tensor Unit(Tensor x) => x.narrow(0, 0, clips).narrow(2, k, predicted).add(1).div(2).clamp(0, 1);
        var target = Unit(truth);
        var copyLast = truth.narrow(0, 0, clips).narrow(2, k - 1, 1).expand(-1, -1, predicted, -1, -1).add(1).div(2);
        return new PredictionReport(k, (int)predicted, clips, FrameMetrics.Compute(Unit(generated), target), FrameMetrics.Compute(copyLast, target));
    }

    static JudgeReport JudgeAccuracy(Judge judge, TrainingSet real, Tensor realProbs, Tensor genProbs, ModelConfig model, int[] requested)
    {
        long[] realPred = realProbs.argmax(1).data<long>().ToArray();
        double realAcc = realPred.Zip(real.ClassIndices).Average(p => p.First == p.Second ? 1.0 : 0.0);
        long[] genPred = genProbs.argmax(1).data<long>().ToArray();
        var share = judge.Classes.Select((name, i) => (name, share: genPred.Average(p => p == i ? 1.0 : 0.0)))
            .ToDictionary(x => x.name, x => x.share);
        if (!model.Conditional) return new JudgeReport(false, 0, realAcc, null, null, share);
        // The model's class indices follow its own class list; the judge's may differ in order.
        var judgeIndex = model.Classes.Select(c => judge.Classes.ToList().IndexOf(c)).ToArray();
        var hits = genPred.Select((p, i) => p == judgeIndex[requested[i]]).ToArray();
        var byClass = model.Classes.Select((name, c) => (name, acc: hits.Where((_, i) => requested[i] == c).DefaultIfEmpty(false).Average(h => h ? 1.0 : 0.0)))
            .ToDictionary(x => x.name, x => x.acc);
        // Balanced: the mean of the per-class accuracies, so a frequent easy class cannot hide a failing one.
        return new JudgeReport(false, 0, realAcc, byClass.Values.Average(), byClass, share);
    }
}
