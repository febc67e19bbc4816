using static TorchSharp.torch;

namespace Vidgan.Training.Objectives;

/// <summary>VAE-GAN: the decoder also reconstructs real clips through the encoder (the VAE's loss, weighted).</summary>
public sealed class VaeGanTerm(double weight, double klWeight) : IGeneratorTerm
{
    public Tensor Loss(GeneratorPass p) =>
        weight * VaeObjective.Compute(p.Models.Encoder!, p.Models.Generator, p.Real, p.Classes, klWeight).Loss;
}
