using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Vidgan.Models;

/// <summary>Judges single frames (MoCoGAN's image discriminator): strided 2D convolutions (residual blocks after the
/// first with <see cref="ModelConfig.Discriminator"/> resnet) with class projection. Takes frames (N, 3, H, W) and
/// returns logits (N).</summary>
public sealed class ImageDiscriminator : nn.Module<Tensor, Tensor?, Tensor>
{
    readonly Sequential body;
    readonly DiscriminatorHead head;

    public ImageDiscriminator(ModelConfig config)
        : base(nameof(ImageDiscriminator))
    {
        var layers = new List<(string, nn.Module<Tensor, Tensor>)>();
        int ch = 3;
        for (int level = 0; level < config.Levels; level++)
        {
            int next = config.DiscriminatorWidth << level;
            if (config.ResidualDiscriminator && level > 0)
                layers.Add(
                    (
                        $"block{level}",
                        ResidualDownBlock.Image(ch, next, config.DiscriminatorKernel, config.SpectralNorm)
                    )
                );
            else
                layers.Add(
                    (
                        $"conv{level}",
                        NormalizedLayer.Conv2d(ch, next, config.DiscriminatorKernel, 2, 1, config.SpectralNorm)
                    )
                );
            if (!config.ResidualDiscriminator || level == config.Levels - 1)
                layers.Add(($"act{level}", new ScalarSafe.LeakyReLU()));
            ch = next;
        }
        body = nn.Sequential(layers);
        head = new DiscriminatorHead(ch * 16, config);
        RegisterComponents();
        Init.Dcgan(this);
    }

    public override Tensor forward(Tensor frames, Tensor? classes) => Judge(Features(frames), classes);

    /// <summary>The 256-d feature the real/fake logit and the class head both read.</summary>
    public Tensor Features(Tensor frames) => head.forward(body.forward(ChannelsLast.Of(frames)).flatten(1));

    public Tensor Judge(Tensor h, Tensor? classes) => head.Judge(h, classes);

    public Tensor? ClassLogits(Tensor h) => head.ClassLogits(h);

    /// <summary>Picks the frames <paramref name="frameIndices"/> (count of them) of each clip (B, 3, T, H, W) →
    /// (B·count, 3, H, W), with the matching classes repeated.</summary>
    public static (Tensor Frames, Tensor? Classes) SampleFrames(Tensor clips, Tensor? classes, Tensor frameIndices)
    {
        long b = clips.shape[0],
            count = frameIndices.shape[0];
        var picked = clips.index_select(2, frameIndices).permute(0, 2, 1, 3, 4); // B, count, 3, H, W
        var frames = picked.reshape(b * count, clips.shape[1], clips.shape[3], clips.shape[4]);
        return (frames, classes?.repeat_interleave(count));
    }
}
