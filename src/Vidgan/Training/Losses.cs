using TorchSharp;
using Vidgan.Models;
using Vidgan.Runs;
using static TorchSharp.torch;

namespace Vidgan.Training;

/// <summary>GAN losses on discriminator logits and the gradient penalties that go with them.</summary>
public static class Losses
{
    /// <summary>bce: non-saturating (Goodfellow 2014); hinge (Lim &amp; Ye 2017, used by SNGAN/BigGAN);
    /// wgan-gp: Wasserstein critic (Gulrajani 2017), with its penalty added by the caller.</summary>
    public static Tensor Discriminator(GanLoss loss, Tensor real, Tensor fake) =>
        DiscriminatorLoss(loss, Widen(real), Widen(fake));

    public static Tensor Generator(GanLoss loss, Tensor fake) => GeneratorLoss(loss, Widen(fake));

    /// <summary>The generated-clip half of the discriminator's loss alone, for other inputs that must be called
    /// fake.</summary>
    public static Tensor FakeSide(GanLoss loss, Tensor fake)
    {
        var logits = Widen(fake);
        return loss switch
        {
            GanLoss.Bce => nn.functional.binary_cross_entropy_with_logits(logits, torch.zeros_like(logits)),
            GanLoss.Hinge => nn.functional.relu(ScalarSafe.PlusOne(logits)).mean(),
            _ => logits.mean(),
        };
    }

    /// <summary>bfloat16 (or half) as float32, other types as they are: losses, penalties and their means are taken
    /// in float32 even when the networks run in bfloat16.</summary>
    public static Tensor Widen(Tensor t) =>
        t.dtype is ScalarType.BFloat16 or ScalarType.Float16 ? t.to(ScalarType.Float32) : t;

    static Tensor DiscriminatorLoss(GanLoss loss, Tensor real, Tensor fake) =>
        loss switch
        {
            GanLoss.Bce => nn.functional.binary_cross_entropy_with_logits(real, torch.ones_like(real)),
            GanLoss.Hinge => nn.functional.relu(ScalarSafe.OneMinus(real)).mean(),
            _ => -real.mean(),
        } + FakeSide(loss, fake);

    static Tensor GeneratorLoss(GanLoss loss, Tensor fake) => loss == GanLoss.Bce ? GeneratorBce(fake) : -fake.mean();

    public static Tensor DiscriminatorBce(Tensor realLogits, Tensor fakeLogits) =>
        nn.functional.binary_cross_entropy_with_logits(realLogits, torch.ones_like(realLogits))
        + nn.functional.binary_cross_entropy_with_logits(fakeLogits, torch.zeros_like(fakeLogits));

    public static Tensor GeneratorBce(Tensor fakeLogits) =>
        nn.functional.binary_cross_entropy_with_logits(fakeLogits, torch.ones_like(fakeLogits));

    /// <summary>Mode seeking (MSGAN): for two halves of a batch drawn with the same classes, the inverse of how much
    /// the clips differ per unit of noise difference. Small when different noise gives different clips.</summary>
    public static Tensor ModeSeeking(Tensor fakeA, Tensor fakeB, Tensor zA, Tensor zB) =>
        1.0 / (Widen(fakeA - fakeB).abs().mean() / Widen(zA - zB).abs().mean() + 1e-5);

    /// <summary>R1 (Mescheder et al. 2018): mean squared norm of the discriminator's gradient at real inputs.</summary>
    public static Tensor R1(Func<Tensor, Tensor> discriminator, Tensor real)
    {
        var x = real.detach().requires_grad_(true);
        var grad = Widen(InputGradient(discriminator(x), x));
        return grad.pow(2).flatten(1).sum(1).mean();
    }

    /// <summary>WGAN-GP's penalty: (‖∇D‖ − 1)² at random points between real and generated inputs.</summary>
    public static Tensor GradientPenalty(Func<Tensor, Tensor> discriminator, Tensor real, Tensor fake)
    {
        var shape = new long[real.dim()];
        Array.Fill(shape, 1L);
        shape[0] = real.shape[0];
        var alpha = TorchRandom.Uniform(shape, real.dtype, real.device);
        var x = (alpha * real.detach() + (1 - alpha) * fake.detach()).requires_grad_(true);
        var grad = Widen(InputGradient(discriminator(x), x));
        return (grad.flatten(1).norm(1, keepdim: false, p: 2) - 1).pow(2).mean();
    }

    static Tensor InputGradient(Tensor output, Tensor input) =>
        torch.autograd.grad(new[] { output.sum() }, new[] { input }, retain_graph: true, create_graph: true)[0];
}
