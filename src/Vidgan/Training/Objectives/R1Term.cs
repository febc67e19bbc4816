using static TorchSharp.torch;

namespace Vidgan.Training.Objectives;

/// <summary>Lazy R1 (StyleGAN2): γ/2 × the squared gradient norm at real inputs, every <paramref name="every"/> steps,
/// scaled up by the interval so its average weight stays γ/2.</summary>
public sealed class R1Term(double gamma, int every) : IDiscriminatorTerm
{
    public Tensor? Loss(DiscriminatorPass pass) =>
        pass.Step % every != 0
            ? null
            : gamma
                / 2
                * every
                * (
                    Losses.R1(x => pass.Models.VideoDiscriminator.forward(x, pass.Classes), pass.RealSeen)
                    + Losses.R1(x => pass.Models.ImageDiscriminator.forward(x, pass.FrameClasses), pass.RealFrames)
                );
}
