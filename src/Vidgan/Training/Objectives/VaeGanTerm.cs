using static TorchSharp.torch;

namespace Vidgan.Training.Objectives;

/// <summary>VAE-GAN: the decoder also reconstructs real clips through the encoder (the VAE's loss, weighted).</summary>
public sealed class VaeGanTerm(double weight, double klWeight) : IGeneratorTerm
{
    public Tensor Loss(GeneratorPass pass) =>
        weight
        * VaeObjective.Compute(pass.Models.Encoder!, pass.Models.Generator, pass.Real, pass.Classes, klWeight).Loss;
}
