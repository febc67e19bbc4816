using Vidgan.Runs;
using static TorchSharp.torch;

namespace Vidgan.Training.Objectives;

/// <summary>The GAN loss of both discriminators (video and image), for either side.</summary>
public sealed class AdversarialTerm(GanLoss loss) : IDiscriminatorTerm, IGeneratorTerm
{
    public Tensor Loss(DiscriminatorPass pass) =>
        Losses.Discriminator(loss, pass.RealVideo, pass.FakeVideo)
        + Losses.Discriminator(loss, pass.RealImage, pass.FakeImage);

    public Tensor Loss(GeneratorPass pass) =>
        Losses.Generator(loss, pass.FakeVideo) + Losses.Generator(loss, pass.FakeImage);
}
