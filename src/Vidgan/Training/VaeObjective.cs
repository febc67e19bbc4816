using Vidgan.Models;
using static TorchSharp.torch;

namespace Vidgan.Training;

/// <summary>The VAE's evidence lower bound, per pixel: encode a clip, sample its code with the reparameterisation
/// trick, decode it with the generator, and add the squared reconstruction error (a Gaussian decoder) to β × the KL
/// divergence of the code from N(0, I). The GAN's generator is the decoder, so sampling works the same for all
/// objectives.</summary>
public static class VaeObjective
{
    public sealed record Terms(Tensor Loss, Tensor Reconstruction, Tensor Kl, Tensor Decoded);

    public static Terms Compute(
        ClipEncoder encoder,
        ClipGenerator decoder,
        Tensor real,
        Tensor? classes,
        double klWeight
    )
    {
        var (mean, logVar) = encoder.forward(real);
        var z = mean + TorchRandom.Normal(mean.shape, mean.dtype, mean.device) * (0.5 * logVar).exp();
        var decoded = decoder.Generate(z, classes);
        double pixels = real[0].numel();
        var reconstruction = Losses.Widen(decoded - real).pow(2).flatten(1).sum(1).mean() / pixels;
        var kl = Kl(Losses.Widen(mean), Losses.Widen(logVar)) / pixels;
        return new Terms(reconstruction + klWeight * kl, reconstruction, kl, decoded);
    }

    /// <summary>KL(N(mean, exp(logVar)) ‖ N(0, I)), summed over dimensions and averaged over the batch.</summary>
    public static Tensor Kl(Tensor mean, Tensor logVar) =>
        (0.5 * (mean.pow(2) + logVar.exp() - 1 - logVar)).sum(1).mean();
}
