using static TorchSharp.torch;

namespace Vidgan.Training.Objectives;

/// <summary>Mode seeking (MSGAN): the two halves of the generated batch share classes, and clips from different noise
/// are pushed apart.</summary>
public sealed class ModeSeekingTerm(double weight) : IGeneratorTerm
{
    public Tensor Loss(GeneratorPass pass)
    {
        long half = pass.Fake.shape[0] / 2;
        return weight
            * Losses.ModeSeeking(
                pass.Fake.narrow(0, 0, half),
                pass.Fake.narrow(0, half, half),
                pass.Noise.narrow(0, 0, half),
                pass.Noise.narrow(0, half, half)
            );
    }
}
