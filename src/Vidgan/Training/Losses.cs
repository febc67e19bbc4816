using TorchSharp;
using static TorchSharp.torch;

namespace Vidgan.Training;

/// <summary>The non-saturating GAN loss (Goodfellow et al. 2014) on logits.</summary>
public static class Losses
{
    public static Tensor DiscriminatorBce(Tensor realLogits, Tensor fakeLogits) =>
        nn.functional.binary_cross_entropy_with_logits(realLogits, torch.ones_like(realLogits)) +
        nn.functional.binary_cross_entropy_with_logits(fakeLogits, torch.zeros_like(fakeLogits));

    public static Tensor GeneratorBce(Tensor fakeLogits) =>
        nn.functional.binary_cross_entropy_with_logits(fakeLogits, torch.ones_like(fakeLogits));

    /// <summary>Mode seeking (MSGAN): for two halves of a batch drawn with the same classes, the inverse of
    /// how much the clips differ per unit of noise difference. Small when different noise gives different clips.</summary>
    public static Tensor ModeSeeking(Tensor fakeA, Tensor fakeB, Tensor zA, Tensor zB) =>
        1.0 / ((fakeA - fakeB).abs().mean() / (zA - zB).abs().mean() + 1e-5);
}
