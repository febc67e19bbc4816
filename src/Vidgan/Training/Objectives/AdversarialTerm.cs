using Vidgan.Runs;
using static TorchSharp.torch;

namespace Vidgan.Training.Objectives;

/// <summary>The GAN loss of both discriminators (video and image), for either side.</summary>
public sealed class AdversarialTerm(GanLoss loss) : IDiscriminatorTerm, IGeneratorTerm
{
    public Tensor Loss(DiscriminatorPass p) =>
        Losses.Discriminator(loss, p.RealVideo, p.FakeVideo) + Losses.Discriminator(loss, p.RealImage, p.FakeImage);

    public Tensor Loss(GeneratorPass p) => Losses.Generator(loss, p.FakeVideo) + Losses.Generator(loss, p.FakeImage);
}
