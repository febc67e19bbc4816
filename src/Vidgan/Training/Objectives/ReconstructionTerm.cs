using static TorchSharp.torch;

namespace Vidgan.Training.Objectives;

/// <summary>For models that continue given frames: L1 and L2 distances between the predicted and the true frames after
/// the <paramref name="given"/> ones.</summary>
public sealed class ReconstructionTerm(int given, double l1, double l2) : IGeneratorTerm
{
    public Tensor Loss(GeneratorPass pass)
    {
        long predicted = pass.Fake.shape[2] - given;
        var error = Losses.Widen(pass.Fake.narrow(2, given, predicted) - pass.Real.narrow(2, given, predicted));
        return l1 * error.abs().mean() + l2 * error.pow(2).mean();
    }
}
