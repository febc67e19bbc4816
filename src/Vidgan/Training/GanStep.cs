using TorchSharp;
using TorchSharp.Modules;
using Vidgan.Models;
using static TorchSharp.torch;

namespace Vidgan.Training;

public sealed record StepLosses(double LossD, double LossG, double DReal, double DFake);

/// <summary>One alternating update: the video and image discriminators on real vs generated clips (with the chosen
/// loss and penalties), then the generator against both (their weights frozen for that pass). Shared by the trainer
/// and the benchmarks.</summary>
public sealed class GanStep(GanModels m, ParameterUpdate optG, ParameterUpdate optD, TrainConfig config)
{
    long steps;
    readonly string[] augment = DiffAugment.Parse(config.Augment);

    Tensor Augment(Tensor clips) => augment.Length == 0 ? clips : DiffAugment.Apply(clips, augment);

    /// <param name="real">Real clips (B, 3, T, H, W) in [-1, 1], in the networks' floating-point type.</param>
    /// <param name="classes">Class indices (B), ignored by unconditional models.</param>
    /// <param name="frameIndex">Frames the image discriminator judges this step.</param>
    public StepLosses Run(Tensor real, Tensor classes, Tensor frameIndex)
    {
        long batch = real.shape[0], half = batch / 2;
        bool modeSeeking = config.ModeSeeking > 0 && half > 0;
        Tensor? y = config.Model.Conditional ? classes : null;
        // With mode seeking, the second half of the generated batch repeats the first half's classes.
        Tensor? yFake = y is null || !modeSeeking ? y : torch.cat(new[] { y.narrow(0, 0, half), y.narrow(0, 0, batch - half) });
        if (config.Model.Objective == "vae") return VaeOnly(real, y);
        var z = torch.randn(new long[] { batch, ModelRegistry.NoiseDim(config.Model) }, dtype: real.dtype, device: real.device);

        SetRequiresGrad(discriminators: true);
        int k = config.Model.ContextFrames;
        var fake = m.Generator.Generate(z, yFake, k > 0 ? real.narrow(2, 0, k) : null);
        // The discriminators only ever see augmented clips (when augmentation is on), real and generated alike.
        var fakeDetached = Augment(fake.detach());
        var realSeen = Augment(real);
        var realVideoFeatures = m.VideoDiscriminator.Features(realSeen);
        var realVideo = m.VideoDiscriminator.Judge(realVideoFeatures, y);
        var fakeVideo = m.VideoDiscriminator.forward(fakeDetached, yFake);
        var (realFrames, frameClasses) = ImageDiscriminator.SampleFrames(realSeen, y, frameIndex);
        var (fakeFrames, fakeFrameClasses) = ImageDiscriminator.SampleFrames(fakeDetached, yFake, frameIndex);
        var realFrameFeatures = m.ImageDiscriminator.Features(realFrames);
        var lossD = Losses.Discriminator(config.Loss, realVideo, fakeVideo) +
                    Losses.Discriminator(config.Loss, m.ImageDiscriminator.Judge(realFrameFeatures, frameClasses),
                                         m.ImageDiscriminator.forward(fakeFrames, fakeFrameClasses));
        double aux = config.Model.AuxClassifierWeight;
        // AC-GAN: the discriminators learn to name the class of real clips and frames...
        if (aux > 0 && y is not null)
            lossD = lossD + aux * (ClassLoss(m.VideoDiscriminator.ClassLogits(realVideoFeatures), y) +
                                   ClassLoss(m.ImageDiscriminator.ClassLogits(realFrameFeatures), frameClasses!));
        if (config.Loss == "wgan-gp")
            lossD = lossD + config.GradientPenaltyWeight * (
                Losses.GradientPenalty(x => m.VideoDiscriminator.forward(x, yFake), realSeen, fakeDetached) +
                Losses.GradientPenalty(x => m.ImageDiscriminator.forward(x, fakeFrameClasses), realFrames, fakeFrames));
        // Lazy R1 (StyleGAN2): every R1Every steps, scaled up by the interval.
        if (config.R1Gamma > 0 && steps % config.R1Every == 0)
            lossD = lossD + config.R1Gamma / 2 * config.R1Every * (
                Losses.R1(x => m.VideoDiscriminator.forward(x, y), realSeen) +
                Losses.R1(x => m.ImageDiscriminator.forward(x, frameClasses), realFrames));
        steps++;
        optD.ZeroGrad();
        lossD.backward();
        optD.Step();

        SetRequiresGrad(discriminators: false);
        var fakeSeen = Augment(fake);
        var (genFrames, _) = ImageDiscriminator.SampleFrames(fakeSeen, yFake, frameIndex);
        var genVideoFeatures = m.VideoDiscriminator.Features(fakeSeen);
        var genFrameFeatures = m.ImageDiscriminator.Features(genFrames);
        var lossG = Losses.Generator(config.Loss, m.VideoDiscriminator.Judge(genVideoFeatures, yFake)) +
                    Losses.Generator(config.Loss, m.ImageDiscriminator.Judge(genFrameFeatures, fakeFrameClasses));
        // ...and the generator is rewarded when its clips are recognisably the class it was asked for.
        if (aux > 0 && yFake is not null)
            lossG = lossG + aux * (ClassLoss(m.VideoDiscriminator.ClassLogits(genVideoFeatures), yFake) +
                                   ClassLoss(m.ImageDiscriminator.ClassLogits(genFrameFeatures), fakeFrameClasses!));
        if (k > 0 && (config.ReconstructionL1 > 0 || config.ReconstructionL2 > 0))
        {
            var error = fake.narrow(2, k, fake.shape[2] - k) - real.narrow(2, k, real.shape[2] - k);
            var error32 = Losses.Widen(error);
            lossG = lossG + config.ReconstructionL1 * error32.abs().mean() + config.ReconstructionL2 * error32.pow(2).mean();
        }
        // VAE-GAN: the decoder also reconstructs real clips through the encoder (the VAE's loss, weighted).
        if (config.Model.Objective == "vae-gan")
            lossG = lossG + config.VaeWeight * VaeObjective.Compute(m.Encoder!, m.Generator, real, y, config.KlWeight).Loss;
        if (modeSeeking)
            lossG = lossG + config.ModeSeeking * Losses.ModeSeeking(fake.narrow(0, 0, half), fake.narrow(0, half, half),
                z.narrow(0, 0, half), z.narrow(0, half, half));
        optG.ZeroGrad();
        lossG.backward();
        optG.Step();
        SetRequiresGrad(discriminators: true);

        return new StepLosses(Scalar(lossD), Scalar(lossG), Scalar(torch.sigmoid(realVideo).mean()), Scalar(torch.sigmoid(fakeVideo).mean()));
    }

    /// <summary>A plain VAE step: encoder and decoder on the evidence lower bound; the discriminators are not trained.</summary>
    StepLosses VaeOnly(Tensor real, Tensor? y)
    {
        var terms = VaeObjective.Compute(m.Encoder!, m.Generator, real, y, config.KlWeight);
        optG.ZeroGrad();
        terms.Loss.backward();
        optG.Step();
        steps++;
        return new StepLosses(0, Scalar(terms.Loss), double.NaN, double.NaN);
    }

    static double Scalar(Tensor t) => t.to_type(ScalarType.Float32).item<float>();

    static Tensor ClassLoss(Tensor? logits, Tensor classes) =>
        nn.functional.cross_entropy(Losses.Widen(logits ?? throw new InvalidOperationException("no class head")), classes);

    void SetRequiresGrad(bool discriminators)
    {
        foreach (var p in m.VideoDiscriminator.parameters()) p.requires_grad = discriminators;
        foreach (var p in m.ImageDiscriminator.parameters()) p.requires_grad = discriminators;
    }
}
