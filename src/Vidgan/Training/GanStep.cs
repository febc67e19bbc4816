using TorchSharp;
using Vidgan.Models;
using Vidgan.Runs;
using Vidgan.Training.Objectives;
using static TorchSharp.torch;

namespace Vidgan.Training;

public sealed record StepLosses(double LossD, double LossG, double DReal, double DFake)
{
    /// <summary>Which update was not applied because its gradients were non-finite, or null.</summary>
    public string? NonFiniteGradients { get; init; }
}

/// <summary>One alternating update: the video and image discriminators on real vs generated clips, then the generator
/// against both (their weights frozen for that pass), each on the sum of the loss terms the run's settings call for
/// (<see cref="LossTerms"/>). Shared by the trainer and the benchmarks.</summary>
/// <param name="augment">The run's augmentation, when the caller keeps its probability (a resumed run).</param>
public sealed class GanStep(
    GanModels m,
    ParameterUpdate optG,
    ParameterUpdate optD,
    TrainConfig config,
    AdaptiveAugment? augment = null
)
{
    long steps;
    readonly AdaptiveAugment augmentation = augment ?? new AdaptiveAugment(config);
    readonly LossTerms terms = LossTerms.For(config);

    Tensor Augment(Tensor clips) => augmentation.Apply(clips);

    /// <param name="real">Real clips (B, 3, T, H, W) in [-1, 1], in the networks' floating-point type.</param>
    /// <param name="classes">Class indices (B), ignored by unconditional models.</param>
    /// <param name="frameIndex">Frames the image discriminator judges this step.</param>
    public StepLosses Run(Tensor real, Tensor classes, Tensor frameIndex)
    {
        long batch = real.shape[0],
            half = batch / 2;
        Tensor? y = config.Model.Conditional ? classes : null;
        // With mode seeking, the second half of the generated batch repeats the first half's classes.
        Tensor? yFake =
            y is null || !LossTerms.UsesModeSeeking(config) || half == 0
                ? y
                : torch.cat(new[] { y.narrow(0, 0, half), y.narrow(0, 0, batch - half) });
        if (config.Model.Objective == Objective.Vae)
            return VaeOnly(real, y);
        var z = TorchRandom.Normal([batch, ModelRegistry.NoiseDim(config.Model)], real.dtype, real.device);
        int k = config.Model.ContextFrames;
        var fake = m.Generator.Generate(z, yFake, k > 0 ? real.narrow(2, 0, k) : null);

        SetRequiresGrad(discriminators: true);
        var d = JudgeForDiscriminators(real, fake, y, yFake, frameIndex);
        var lossD = Sum(terms.Discriminator.Select(t => t.Loss(d)));
        augmentation.Observe(d.RealVideo);
        steps++;
        bool appliedD = Update(optD, lossD);

        SetRequiresGrad(discriminators: false);
        var g = JudgeForGenerator(real, fake, z, y, yFake, frameIndex);
        var lossG = Sum(terms.Generator.Select(t => t.Loss(g)));
        bool appliedG = Update(optG, lossG);
        SetRequiresGrad(discriminators: true);

        return new StepLosses(
            Scalar(lossD),
            Scalar(lossG),
            Scalar(torch.sigmoid(d.RealVideo).mean()),
            Scalar(torch.sigmoid(d.FakeVideo).mean())
        )
        {
            NonFiniteGradients = (appliedD, appliedG) switch
            {
                (false, _) => "the discriminators' gradients",
                (_, false) => "the generator's gradients",
                _ => null,
            },
        };
    }

    /// <summary>The discriminators only ever see augmented clips (when augmentation is on), real and generated
    /// alike.</summary>
    DiscriminatorPass JudgeForDiscriminators(Tensor real, Tensor fake, Tensor? y, Tensor? yFake, Tensor frameIndex)
    {
        var fakeSeen = Augment(fake.detach());
        var realSeen = Augment(real);
        var realVideoFeatures = m.VideoDiscriminator.Features(realSeen);
        var (realFrames, frameClasses) = ImageDiscriminator.SampleFrames(realSeen, y, frameIndex);
        var (fakeFrames, fakeFrameClasses) = ImageDiscriminator.SampleFrames(fakeSeen, yFake, frameIndex);
        var realFrameFeatures = m.ImageDiscriminator.Features(realFrames);
        return new DiscriminatorPass(
            m,
            steps,
            realSeen,
            fakeSeen,
            y,
            yFake,
            realFrames,
            fakeFrames,
            frameClasses,
            fakeFrameClasses,
            realVideoFeatures,
            realFrameFeatures,
            RealVideo: m.VideoDiscriminator.Judge(realVideoFeatures, y),
            FakeVideo: m.VideoDiscriminator.forward(fakeSeen, yFake),
            RealImage: m.ImageDiscriminator.Judge(realFrameFeatures, frameClasses),
            FakeImage: m.ImageDiscriminator.forward(fakeFrames, fakeFrameClasses)
        );
    }

    GeneratorPass JudgeForGenerator(Tensor real, Tensor fake, Tensor z, Tensor? y, Tensor? yFake, Tensor frameIndex)
    {
        var fakeSeen = Augment(fake);
        var (frames, frameClasses) = ImageDiscriminator.SampleFrames(fakeSeen, yFake, frameIndex);
        var videoFeatures = m.VideoDiscriminator.Features(fakeSeen);
        var frameFeatures = m.ImageDiscriminator.Features(frames);
        return new GeneratorPass(
            m,
            real,
            fake,
            z,
            y,
            yFake,
            frameClasses,
            videoFeatures,
            frameFeatures,
            m.VideoDiscriminator.Judge(videoFeatures, yFake),
            m.ImageDiscriminator.Judge(frameFeatures, frameClasses)
        );
    }

    /// <summary>Backward pass and update, unless the gradients came out non-finite: then the update is not applied
    /// (as mixed-precision loss scalers skip such steps), and false is returned. oneDNN 3.7's strided backward-data
    /// convolution on an AVX-512 AMD EPYC returns NaN from finite losses and weights for some batches.</summary>
    static bool Update(ParameterUpdate update, Tensor loss)
    {
        update.ZeroGrad();
        loss.backward();
        if (!update.GradientsFinite())
        {
            update.ZeroGrad();
            return false;
        }
        update.Step();
        return true;
    }

    /// <summary>A plain VAE step: encoder and decoder on the evidence lower bound; the discriminators are not
    /// trained.</summary>
    StepLosses VaeOnly(Tensor real, Tensor? y)
    {
        var vae = VaeObjective.Compute(m.Encoder!, m.Generator, real, y, config.KlWeight);
        optG.ZeroGrad();
        vae.Loss.backward();
        optG.Step();
        steps++;
        return new StepLosses(0, Scalar(vae.Loss), double.NaN, double.NaN);
    }

    static Tensor Sum(IEnumerable<Tensor?> parts) => parts.OfType<Tensor>().Aggregate((a, b) => a + b);

    static double Scalar(Tensor t) => t.to_type(ScalarType.Float32).item<float>();

    void SetRequiresGrad(bool discriminators)
    {
        foreach (var p in m.VideoDiscriminator.parameters())
            p.requires_grad = discriminators;
        foreach (var p in m.ImageDiscriminator.parameters())
            p.requires_grad = discriminators;
    }
}
