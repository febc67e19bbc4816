using static TorchSharp.torch;

namespace Vidgan.Training.Objectives;

/// <summary>AC-GAN (Odena et al. 2017): the discriminators learn to name the class of real clips and frames, and the
/// generator is rewarded when its clips are recognisably the class it was asked for.</summary>
public sealed class AuxiliaryClassTerm(double weight) : IDiscriminatorTerm, IGeneratorTerm
{
    public Tensor Loss(DiscriminatorPass pass) =>
        weight
        * (
            ClassLoss(pass.Models.VideoDiscriminator.ClassLogits(pass.RealVideoFeatures), pass.Classes!)
            + ClassLoss(pass.Models.ImageDiscriminator.ClassLogits(pass.RealFrameFeatures), pass.FrameClasses!)
        );

    public Tensor Loss(GeneratorPass pass) =>
        weight
        * (
            ClassLoss(pass.Models.VideoDiscriminator.ClassLogits(pass.VideoFeatures), pass.FakeClasses!)
            + ClassLoss(pass.Models.ImageDiscriminator.ClassLogits(pass.FrameFeatures), pass.FakeFrameClasses!)
        );

    static Tensor ClassLoss(Tensor? logits, Tensor classes) =>
        nn.functional.cross_entropy(
            Losses.Widen(logits ?? throw new InvalidOperationException("no class head")),
            classes
        );
}
