using TorchSharp;
using TorchSharp.Modules;
using Vidgan.Models;
using static TorchSharp.torch;

namespace Vidgan.Training;

public sealed record StepLosses(double LossD, double LossG, double DReal, double DFake);

/// <summary>One alternating update: the video and image discriminators on real vs generated clips (with the chosen
/// loss and penalties), then the generator against both (their weights frozen for that pass). Shared by the trainer
/// and the benchmarks.</summary>
public sealed class GanStep(GanModels m, OptimizerHelper optG, OptimizerHelper optD, TrainConfig config)
{
    long steps;

    /// <param name="real">Real clips (B, 3, T, H, W) in [-1, 1].</param>
    /// <param name="classes">Class indices (B), ignored by unconditional models.</param>
    /// <param name="frameIndex">Frames the image discriminator judges this step.</param>
    public StepLosses Run(Tensor real, Tensor classes, Tensor frameIndex)
    {
        long batch = real.shape[0], half = batch / 2;
        bool modeSeeking = config.ModeSeeking > 0 && half > 0;
        Tensor? y = config.Model.Conditional ? classes : null;
        // With mode seeking, the second half of the generated batch repeats the first half's classes.
        Tensor? yFake = y is null || !modeSeeking ? y : torch.cat(new[] { y.narrow(0, 0, half), y.narrow(0, 0, batch - half) });
        var z = torch.randn(new long[] { batch, ModelRegistry.NoiseDim(config.Model) }, device: real.device);

        SetRequiresGrad(discriminators: true);
        var fake = m.Generator.forward(z, yFake);
        var fakeDetached = fake.detach();
        var realVideoFeatures = m.VideoDiscriminator.Features(real);
        var realVideo = m.VideoDiscriminator.Judge(realVideoFeatures, y);
        var fakeVideo = m.VideoDiscriminator.forward(fakeDetached, yFake);
        var (realFrames, frameClasses) = ImageDiscriminator.SampleFrames(real, y, frameIndex);
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
                Losses.GradientPenalty(x => m.VideoDiscriminator.forward(x, yFake), real, fakeDetached) +
                Losses.GradientPenalty(x => m.ImageDiscriminator.forward(x, fakeFrameClasses), realFrames, fakeFrames));
        // Lazy R1 (StyleGAN2): every R1Every steps, scaled up by the interval.
        if (config.R1Gamma > 0 && steps % config.R1Every == 0)
            lossD = lossD + config.R1Gamma / 2 * config.R1Every * (
                Losses.R1(x => m.VideoDiscriminator.forward(x, y), real) +
                Losses.R1(x => m.ImageDiscriminator.forward(x, frameClasses), realFrames));
        steps++;
        optD.zero_grad();
        lossD.backward();
        optD.step();

        SetRequiresGrad(discriminators: false);
        var (genFrames, _) = ImageDiscriminator.SampleFrames(fake, yFake, frameIndex);
        var genVideoFeatures = m.VideoDiscriminator.Features(fake);
        var genFrameFeatures = m.ImageDiscriminator.Features(genFrames);
        var lossG = Losses.Generator(config.Loss, m.VideoDiscriminator.Judge(genVideoFeatures, yFake)) +
                    Losses.Generator(config.Loss, m.ImageDiscriminator.Judge(genFrameFeatures, fakeFrameClasses));
        // ...and the generator is rewarded when its clips are recognisably the class it was asked for.
        if (aux > 0 && yFake is not null)
            lossG = lossG + aux * (ClassLoss(m.VideoDiscriminator.ClassLogits(genVideoFeatures), yFake) +
                                   ClassLoss(m.ImageDiscriminator.ClassLogits(genFrameFeatures), fakeFrameClasses!));
        if (modeSeeking)
            lossG = lossG + config.ModeSeeking * Losses.ModeSeeking(fake.narrow(0, 0, half), fake.narrow(0, half, half),
                z.narrow(0, 0, half), z.narrow(0, half, half));
        optG.zero_grad();
        lossG.backward();
        optG.step();
        SetRequiresGrad(discriminators: true);

        return new StepLosses(lossD.item<float>(), lossG.item<float>(),
            torch.sigmoid(realVideo).mean().item<float>(), torch.sigmoid(fakeVideo).mean().item<float>());
    }

    static Tensor ClassLoss(Tensor? logits, Tensor classes) =>
        nn.functional.cross_entropy(logits ?? throw new InvalidOperationException("no class head"), classes);

    void SetRequiresGrad(bool discriminators)
    {
        foreach (var p in m.VideoDiscriminator.parameters()) p.requires_grad = discriminators;
        foreach (var p in m.ImageDiscriminator.parameters()) p.requires_grad = discriminators;
    }
}
