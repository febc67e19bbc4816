using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Vidgan.Models;

/// <summary>Judges whole clips, appearance and motion together (averaged down first by
/// <see cref="ModelConfig.VideoDownsample"/>): strided 3D convolutions down to 4×4 (with
/// <see cref="ModelConfig.Discriminator"/> resnet, residual blocks after the first), a dense feature, and a projection
/// term for the class (Miyato &amp; Koyama 2018); with <see cref="ModelConfig.FrameDifferences"/> the frame-to-frame
/// changes are three more input channels. Returns logits (B).</summary>
public sealed class VideoDiscriminator : nn.Module<Tensor, Tensor?, Tensor>
{
    readonly Sequential body;
    readonly DiscriminatorHead head;
    readonly bool frameDifferences;
    readonly long[]? downsample;

    public VideoDiscriminator(ModelConfig config)
        : base(nameof(VideoDiscriminator))
    {
        var layers = new List<(string, nn.Module<Tensor, Tensor>)>();
        frameDifferences = config.FrameDifferences;
        downsample = config.VideoDownsample > 1 ? [1, config.VideoDownsample, config.VideoDownsample] : null;
        int ch = frameDifferences ? 6 : 3,
            t = config.Frames;
        for (int level = 0; level < config.VideoLevels; level++)
        {
            int next = config.DiscriminatorWidth << level;
            bool time = t >= 4;
            if (config.ResidualDiscriminator && level > 0)
                layers.Add(
                    (
                        $"block{level}",
                        ResidualDownBlock.Video(ch, next, time, config.DiscriminatorKernel, config.SpectralNorm)
                    )
                );
            else
                layers.Add(
                    (
                        $"conv{level}",
                        NormalizedLayer.Conv3d(
                            ch,
                            next,
                            (time ? config.DiscriminatorKernel : 3, config.DiscriminatorKernel),
                            (time ? 2 : 1, 2),
                            (1, 1),
                            config.SpectralNorm
                        )
                    )
                );
            // The residual blocks start with their own activation, so only the plain stack and the last block need one.
            if (!config.ResidualDiscriminator || level == config.VideoLevels - 1)
                layers.Add(($"act{level}", new ScalarSafe.LeakyReLU()));
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
    public Tensor Features(Tensor clips)
    {
        var seen = downsample is null ? clips : AveragePool.Of(clips, downsample);
        return head.forward(body.forward(ChannelsLast.Of(frameDifferences ? WithDifferences(seen) : seen)).flatten(1));
    }

    /// <summary>(B, 3, T, H, W) → (B, 6, T, H, W): the frames, then each frame minus the one before (zero for the
    /// first).</summary>
    public static Tensor WithDifferences(Tensor clips)
    {
        long t = clips.shape[2];
        var change = clips.narrow(2, 1, t - 1) - clips.narrow(2, 0, t - 1);
        return torch.cat([clips, torch.cat([torch.zeros_like(clips.narrow(2, 0, 1)), change], 2)], 1);
    }

    public Tensor Judge(Tensor h, Tensor? classes) => head.Judge(h, classes);

    public Tensor? ClassLogits(Tensor h) => head.ClassLogits(h);
}
