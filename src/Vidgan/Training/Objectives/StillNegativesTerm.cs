using Vidgan.Models;
using Vidgan.Runs;
using static TorchSharp.torch;

namespace Vidgan.Training.Objectives;

/// <summary>Real clips with one frame held still, judged by the video discriminator as generated ones are: the
/// appearance is real, so only the missing motion can tell them apart, and a generator that draws still pictures
/// stops fooling it.</summary>
public sealed class StillNegativesTerm(GanLoss loss, double weight) : IDiscriminatorTerm
{
    public Tensor Loss(DiscriminatorPass pass)
    {
        var still = Still(pass.RealSeen);
        return weight * Losses.FakeSide(loss, pass.Models.VideoDiscriminator.forward(still, pass.Classes));
    }

    /// <summary>Each clip (B, C, T, H, W) as one of its frames, the same random one for the batch, repeated T
    /// times.</summary>
    public static Tensor Still(Tensor clips)
    {
        long frames = clips.shape[2];
        long held = TorchRandom.Integers(0, frames, [1]).item<long>();
        return clips.narrow(2, held, 1).expand(clips.shape).contiguous();
    }
}
