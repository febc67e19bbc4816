using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Vidgan.Models;

/// <summary>Judges whole clips, appearance and motion together: strided 3D convolutions down to 4×4 (with
/// <see cref="ModelConfig.Discriminator"/> resnet, residual blocks after the first), a dense feature, and a projection
/// term for the class (Miyato &amp; Koyama 2018). Returns logits (B).</summary>
public sealed class VideoDiscriminator : nn.Module<Tensor, Tensor?, Tensor>
{
    readonly Sequential body;
    readonly DiscriminatorHead head;

    public VideoDiscriminator(ModelConfig config)
        : base(nameof(VideoDiscriminator))
    {
        var layers = new List<(string, nn.Module<Tensor, Tensor>)>();
        int ch = 3,
            t = config.Frames;
        for (int level = 0; level < config.Levels; level++)
        {
            int next = config.DiscriminatorWidth << level;
            bool time = t >= 4;
            if (config.ResidualDiscriminator && level > 0)
                layers.Add(($"block{level}", ResidualDownBlock.Video(ch, next, time, config.SpectralNorm)));
            else
                layers.Add(
                    (
                        $"conv{level}",
                        NormalizedLayer.Conv3d(
                            ch,
                            next,
                            (time ? 4 : 3, 4),
                            (time ? 2 : 1, 2),
                            (1, 1),
                            config.SpectralNorm
                        )
                    )
                );
            // The residual blocks start with their own activation, so only the plain stack and the last block need one.
            if (!config.ResidualDiscriminator || level == config.Levels - 1)
                layers.Add(($"act{level}", nn.LeakyReLU(0.2)));
            if (time)
                t /= 2;
            ch = next;
        }
        body = nn.Sequential(layers);
        head = new DiscriminatorHead(ch * t * 16, config);
        RegisterComponents();
        Init.Dcgan(this);
    }

    public override Tensor forward(Tensor clips, Tensor? classes) => Judge(Features(clips), classes);

    /// <summary>The 256-d feature the real/fake logit and the class head both read.</summary>
    public Tensor Features(Tensor clips) => head.forward(body.forward(clips).flatten(1));

    public Tensor Judge(Tensor h, Tensor? classes) => head.Judge(h, classes);

    public Tensor? ClassLogits(Tensor h) => head.ClassLogits(h);
}
