using TorchSharp;
using static TorchSharp.torch;

namespace Vidgan.Training.Objectives;

/// <summary>AC-GAN (Odena et al. 2017): the discriminators learn to name the class of real clips and frames, and the
/// generator is rewarded when its clips are recognisably the class it was asked for.</summary>
public sealed class AuxiliaryClassTerm(double weight) : IDiscriminatorTerm, IGeneratorTerm
{
    public Tensor Loss(DiscriminatorPass p) => weight * (
        ClassLoss(p.Models.VideoDiscriminator.ClassLogits(p.RealVideoFeatures), p.Classes!) +
        ClassLoss(p.Models.ImageDiscriminator.ClassLogits(p.RealFrameFeatures), p.FrameClasses!));

    public Tensor Loss(GeneratorPass p) => weight * (
        ClassLoss(p.Models.VideoDiscriminator.ClassLogits(p.VideoFeatures), p.FakeClasses!) +
        ClassLoss(p.Models.ImageDiscriminator.ClassLogits(p.FrameFeatures), p.FakeFrameClasses!));

    static Tensor ClassLoss(Tensor? logits, Tensor classes) =>
        nn.functional.cross_entropy(Losses.Widen(logits ?? throw new InvalidOperationException("no class head")), classes);
}
