using static TorchSharp.torch;

namespace Vidgan.Training.Objectives;

/// <summary>WGAN-GP's penalty on both discriminators, at random points between real and generated inputs.</summary>
public sealed class GradientPenaltyTerm(double weight) : IDiscriminatorTerm
{
    public Tensor Loss(DiscriminatorPass pass) =>
        weight
        * (
            Losses.GradientPenalty(
                x => pass.Models.VideoDiscriminator.forward(x, pass.FakeClasses),
                pass.RealSeen,
                pass.FakeSeen
            )
            + Losses.GradientPenalty(
                x => pass.Models.ImageDiscriminator.forward(x, pass.FakeFrameClasses),
                pass.RealFrames,
                pass.FakeFrames
            )
        );
}
