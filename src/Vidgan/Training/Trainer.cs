using System.Diagnostics;
using TorchSharp;
using TorchSharp.Modules;
using Vidgan.Data;
using Vidgan.Library;
using Vidgan.Media;
using Vidgan.Models;
using Vidgan.Runs;
using static TorchSharp.torch;

namespace Vidgan.Training;

public sealed record StepStats(
    long Step,
    long? TargetStep,
    double LossD,
    double LossG,
    double DReal,
    double DFake,
    double ClipsPerSecond,
    TimeSpan Elapsed,
    TimeSpan? Remaining,
    double Progress
);

public sealed record TrainResult(
    long Step,
    string CheckpointPath,
    bool Interrupted,
    string? SampleGrid,
    string? SampleVideo
);

/// <summary>What a training run starts from: its step, where it stops (a step or a time), its clips and the networks'
/// parameter counts.</summary>
public sealed record TrainingStart(
    long Step,
    long? TargetStep,
    TimeSpan? Budget,
    int Clips,
    long GeneratorParameters,
    long DiscriminatorParameters
);

/// <summary>What the trainer reports while it runs; front ends draw progress bars from it.</summary>
public interface ITrainingObserver
{
    void Started(TrainingStart start);
    void Step(StepStats stats);
    void Info(string message);
    void CheckpointWritten(string path, long step);
}

/// <summary>The GAN training loop: alternating discriminator and generator Adam steps on the non-saturating
/// loss, with a video and an image discriminator, an EMA generator, sample grids and checkpoints.</summary>
/// <param name="cipher">An encrypted library's cipher: checkpoints are written and read through it.</param>
/// <param name="quality">Takes a quality reading when one is due and at the end of the run.</param>
public sealed class Trainer(
    TrainConfig config,
    RunDirectory run,
    TrainingSet data,
    Device device,
    ITrainingObserver observer,
    LibraryCipher? cipher = null,
    QualityProbe? quality = null
)
{
    const int LogEvery = 10;

    public TrainResult Run(long? targetStep, TimeSpan? budget, bool resume, CancellationToken cancel)
    {
        config.Validate();
        // The initial weights come from the seed, not from whatever the process drew from torch's generator before.
        using var models = TorchRandom.Seeded(config.Seed, () => new GanModels(config.Model, device));
        var optG = new ScalarSafe.Adam(
            models.GeneratorSideParameters,
            config.LearningRateG,
            config.Beta1,
            config.Beta2
        );
        var optD = new ScalarSafe.Adam(
            models.VideoDiscriminator.parameters().Concat(models.ImageDiscriminator.parameters()),
            config.LearningRateD,
            config.Beta1,
            config.Beta2
        );
        long step = 0,
            clipsSeen = 0;
        double? savedAugmentProbability = null;
        if (resume && run.LatestCheckpoint() is string latest)
        {
            run.RequireFits(latest, Checkpoint.ReadHeader(latest, cipher).Config.Model);
            var header = Checkpoint.Load(latest, models, optG, optD, cipher);
            step = header.Step;
            clipsSeen = header.ClipsSeen;
            savedAugmentProbability = header.AugmentProbability;
            observer.Info($"resumed from {Path.GetFileName(latest)} at step {step}");
        }
        using var precision = config.Precision == Precision.Bf16 ? new MixedPrecision(models) : null;
        var augment = new AdaptiveAugment(config, savedAugmentProbability);
        var gan = precision is null
            ? new GanStep(models, new ParameterUpdate(optG), new ParameterUpdate(optD), config, augment)
            : new GanStep(
                precision.Working,
                precision.GeneratorUpdate(optG),
                precision.DiscriminatorUpdate(optD),
                config,
                augment
            );
        using var draws = TorchRandom.Own(config.Seed + step);
        using var ownDraws = TorchRandom.Use(draws);
        var rng = new Random(config.Seed + (int)step);
        var log = new TrainingLog(run.TensorBoardDir, run.LossesPath);
        observer.Started(
            new TrainingStart(
                step,
                targetStep,
                budget,
                data.Count,
                GanModels.ParameterCount(models.Generator),
                GanModels.ParameterCount(models.VideoDiscriminator)
                    + GanModels.ParameterCount(models.ImageDiscriminator)
            )
        );

        var clock = Stopwatch.StartNew();
        long startStep = step;
        double lossD = 0,
            lossG = 0,
            dReal = 0,
            dFake = 0;
        string? grid = null,
            video = null;
        string checkpoint = run.LatestCheckpoint() ?? "";
        bool interrupted = false;
        string? nonFiniteGradients = null;
        int skippedInARow = 0,
            skipped = 0;
        while (true)
        {
            if (targetStep is long t && step >= t)
                break;
            if (budget is TimeSpan b && clock.Elapsed >= b)
                break;
            if (cancel.IsCancellationRequested)
            {
                interrupted = true;
                break;
            }

            double factor = LearningRateRampDown.Factor(
                LearningRateRampDown.Progress(step, targetStep, clock.Elapsed, budget),
                config.LearningRateRampDown
            );
            LearningRateRampDown.Apply(optG, config.LearningRateG, factor);
            LearningRateRampDown.Apply(optD, config.LearningRateD, factor);
            using (var scope = torch.NewDisposeScope())
            {
                var (real, classes) = config.StratifiedBatches
                    ? data.StratifiedBatch(rng, config.Batch, device, config.Flip)
                    : data.Batch(rng, config.Batch, device, config.Flip);
                if (precision != null)
                    real = real.to(MixedPrecision.WorkingType);
                var losses = gan.Run(real, classes, torch.tensor(PickFrames(rng), device: device));
                (lossD, lossG, dReal, dFake) = losses;
                skippedInARow = losses.NonFiniteGradients == null ? 0 : skippedInARow + 1;
                skipped += losses.NonFiniteGradients == null ? 0 : 1;
                nonFiniteGradients = skippedInARow >= MaxSkippedInARow ? losses.NonFiniteGradients : null;
            }
            precision?.SyncBuffers();
            // Checked before anything is written from this step: the EMA, samples and checkpoints only see finite
            // weights.
            if (Divergence(lossD, lossG, nonFiniteGradients, models) is string what)
                throw new TrainingDivergedException(step + 1, what, run.LatestCheckpoint());
            step++;
            clipsSeen += config.Batch;
            models.UpdateEma(config.EmaBeta(clipsSeen));
            if (step % 100 == 0)
                GC.Collect();

            if (step % LogEvery == 0 || step == startStep + 1)
            {
                log.Scalar("loss/discriminator", lossD, step);
                log.Scalar("loss/generator", lossG, step);
                log.Scalar("discriminator/real_probability", dReal, step);
                log.Scalar("discriminator/fake_probability", dFake, step);
                double rate = (step - startStep) * config.Batch / Math.Max(1e-9, clock.Elapsed.TotalSeconds);
                log.Scalar("speed/clips_per_second", rate, step);
                if (augment.Adapts)
                    log.Scalar("augment/probability", augment.Probability, step);
                log.Losses(step, lossD, lossG, dReal, dFake, rate);
                observer.Step(
                    Stats(step, startStep, targetStep, budget, clock.Elapsed, lossD, lossG, dReal, dFake, rate)
                );
            }
            if (quality?.Due(clock.Elapsed) == true)
                ReadQuality(models, step, clock.Elapsed, log, augment);
            if (step % config.SampleEvery == 0)
                (grid, video) = WriteSamples(models, step, log);
            if (step % config.CheckpointEvery == 0)
                checkpoint = SaveCheckpoint(models, optG, optD, step, clipsSeen, augment);
        }
        if (step > startStep || checkpoint.Length == 0)
        {
            if (quality != null && step > startStep && quality.LastStep != step)
                ReadQuality(models, step, clock.Elapsed, log, augment);
            if (step % config.SampleEvery != 0 || grid == null)
                (grid, video) = WriteSamples(models, step, log);
            if (step % config.CheckpointEvery != 0 || checkpoint.Length == 0)
                checkpoint = SaveCheckpoint(models, optG, optD, step, clipsSeen, augment);
        }
        if (skipped > 0)
            observer.Info($"{skipped} of {step - startStep} steps left a network unchanged (non-finite gradients)");
        return new TrainResult(step, checkpoint, interrupted, grid, video);
    }

    void ReadQuality(GanModels models, long step, TimeSpan elapsed, TrainingLog log, AdaptiveAugment augment)
    {
        var r = quality!.Measure(models, config.Model, device, step, elapsed);
        log.Scalar("quality/judge_free_fd", r.Distance, step);
        log.Scalar("quality/real_vs_real_floor", r.Floor, step);
        observer.Info(
            $"quality at step {step} ({elapsed:h\\:mm\\:ss}): judge-free FD {r.Distance:G3} to held-out clips "
                + $"(real vs real {r.Floor:G3}; lower is better)"
                + (
                    augment.Adapts
                        ? $"; augmentation probability {augment.Probability:0.00} (real clips' mean score sign "
                            + $"{augment.Overfitting:0.00}, target {config.AugmentTarget})"
                        : ""
                )
        );
    }

    /// <summary>Steps in a row whose update was skipped for non-finite gradients before the run is said to
    /// diverge.</summary>
    const int MaxSkippedInARow = 5;

    static string? Divergence(double lossD, double lossG, string? nonFiniteGradients, GanModels models)
    {
        if (!double.IsFinite(lossD))
            return $"the discriminators' loss is {lossD} (generator's {lossG:0.###})";
        if (!double.IsFinite(lossG))
            return $"the generator's loss is {lossG} (discriminators' {lossD:0.###})";
        if (nonFiniteGradients != null)
            return $"{nonFiniteGradients} were non-finite {MaxSkippedInARow} steps in a row (losses D {lossD:0.###} G "
                + $"{lossG:0.###})";
        return models.FirstNonFinite() is string bad ? $"{bad} holds non-finite values" : null;
    }

    long[] PickFrames(Random rng)
    {
        var all = Enumerable.Range(0, config.Model.Frames).ToArray();
        rng.Shuffle(all);
        return all.Take(config.Model.ImageFrames).Order().Select(i => (long)i).ToArray();
    }

    static StepStats Stats(
        long step,
        long startStep,
        long? target,
        TimeSpan? budget,
        TimeSpan elapsed,
        double lossD,
        double lossG,
        double dReal,
        double dFake,
        double rate
    )
    {
        double perStep = elapsed.TotalSeconds / Math.Max(1, step - startStep);
        TimeSpan? remaining =
            target is long t ? TimeSpan.FromSeconds(perStep * Math.Max(0, t - step))
            : budget is TimeSpan b ? b - elapsed
            : null;
        return new StepStats(
            step,
            target,
            lossD,
            lossG,
            dReal,
            dFake,
            rate,
            elapsed,
            remaining < TimeSpan.Zero ? TimeSpan.Zero : remaining,
            Math.Clamp(LearningRateRampDown.Progress(step, target, elapsed, budget), 0, 1)
        );
    }

    /// <summary>The fixed-seed sample set of this run: four clips per class (or 16 unconditional).</summary>
    public static (long[] Seeds, int[] Classes) SampleSet(TrainConfig config)
    {
        int classes = config.Model.NumClasses;
        int perClass = classes == 0 ? 16 : Math.Max(1, Math.Min(4, 16 / classes));
        int n = classes == 0 ? 16 : classes * perClass;
        var seeds = Enumerable.Range(0, n).Select(i => 1_000_000L * config.Seed + i).ToArray();
        var cls = Enumerable.Range(0, n).Select(i => classes == 0 ? 0 : i / perClass).ToArray();
        return (seeds, cls);
    }

    (string Png, string Mp4) WriteSamples(GanModels models, long step, TrainingLog log)
    {
        var (seeds, classes) = SampleSet(config);
        Clip[] clips;
        // Models that continue given frames get the same training clips' first frames every time.
        Tensor? context = null;
        if (config.Model.ContextFrames > 0)
        {
            var (given, givenClasses) = data.Batch(new Random(config.Seed), seeds.Length, CPU, flip: false);
            context = given.narrow(2, 0, config.Model.ContextFrames);
            if (config.Model.Conditional)
                classes = givenClasses.data<long>().Select(c => (int)c).ToArray();
        }
        using (context)
        using (
            var clipsTensor = ClipSampler.Sample(
                models.GeneratorEma,
                config.Model,
                device,
                seeds,
                classes,
                context: context
            )
        )
            clips = ClipTensors.ToClips(clipsTensor, data.ClipSet.Fps);
        int upscale = Math.Max(1, 96 / config.Model.Size);
        Directory.CreateDirectory(run.SampleDir);
        string png = Path.Combine(run.SampleDir, $"step-{step:D8}.png");
        string mp4 = Path.Combine(run.SampleDir, $"step-{step:D8}.mp4");
        int columns = config.Model.NumClasses is > 0 and var k ? seeds.Length / k : 4;
        VideoEncoder.EncodeMany(
            new[]
            {
                new VideoEncoder.Job(
                    ClipGrid.Strips(clips, Math.Max(1, config.Model.Frames / 8), upscale),
                    png,
                    VideoFormat.Png
                ),
                new VideoEncoder.Job(ClipGrid.Tile(clips, columns, upscale), mp4, VideoFormat.Mp4),
            }
        );
        File.Copy(png, Path.Combine(run.SampleDir, "latest.png"), overwrite: true);
        File.Copy(mp4, Path.Combine(run.SampleDir, "latest.mp4"), overwrite: true);
        if (log.Image("samples", png, step) is string warning)
            observer.Info(warning);
        return (png, mp4);
    }

    string SaveCheckpoint(
        GanModels models,
        OptimizerHelper optG,
        OptimizerHelper optD,
        long step,
        long clipsSeen,
        AdaptiveAugment augment
    )
    {
        string path = run.CheckpointPath(step);
        Checkpoint.Save(
            path,
            config,
            step,
            clipsSeen,
            models,
            optG,
            optD,
            cipher,
            augment.Adapts ? augment.Probability : null
        );
        run.PruneCheckpoints(config.KeepCheckpoints);
        observer.CheckpointWritten(path, step);
        return path;
    }
}
