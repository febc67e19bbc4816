using static TorchSharp.torch;

namespace Vidgan.Training.Objectives;

/// <summary>WGAN-GP's penalty on both discriminators, at random points between real and generated inputs.</summary>
public sealed class GradientPenaltyTerm(double weight) : IDiscriminatorTerm
{
    public Tensor Loss(DiscriminatorPass p) => weight * (
        Losses.GradientPenalty(x => p.Models.VideoDiscriminator.forward(x, p.FakeClasses), p.RealSeen, p.FakeSeen) +
        Losses.GradientPenalty(x => p.Models.ImageDiscriminator.forward(x, p.FakeFrameClasses), p.RealFrames, p.FakeFrames));
}
