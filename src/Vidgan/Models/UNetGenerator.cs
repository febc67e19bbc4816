using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Vidgan.Models;

/// <summary>Encoder–decoder generator for the conditional modes (image → video, video → video). A 2D encoder reads
/// the K given frames (stacked on the channel axis, so it sees their motion) down to 4×4; the decoder is the
/// residual generator's, seeded from noise (+ class) and the encoder's 4×4 features, and at every resolution it
/// also reads the encoder's features of that resolution (U-Net skips, broadcast over time), which lets it redraw
/// the given content sharply. The clip's first K frames are the given frames, unchanged.</summary>
public sealed class UNetGenerator : ClipGenerator
{
    readonly int contextFrames;
    readonly SeedProjection seed;
    readonly ChannelsLastConv stem;
    readonly ModuleList<Sequential> encoder;
    readonly ModuleList<ResidualUpBlock> decoder;
    readonly ConditionalBatchNorm outNorm;
    readonly ChannelsLastConv toRgb;

    public UNetGenerator(ModelConfig config)
        : base(nameof(UNetGenerator))
    {
        if (config.ContextFrames < 1)
            throw new VidganException(
                "the unet generator needs given frames: train it with setting 'model.condition' image or video",
                2
            );
        contextFrames = config.ContextFrames;
        int levels = config.Levels,
            w = config.GeneratorWidth;
        seed = new SeedProjection(config);
        stem = ChannelsLastConv.From(nn.Conv2d(3 * contextFrames, w, kernel_size: 3, padding: 1));
        encoder = new ModuleList<Sequential>();
        for (int level = 1; level <= levels; level++)
            encoder.Add(
                nn.Sequential(
                    (
                        "conv",
                        ChannelsLastConv.From(
                            nn.Conv2d(w << (level - 1), w << level, kernel_size: 4, stride: 2, padding: 1, bias: false)
                        )
                    ),
                    ("norm", nn.BatchNorm2d(w << level)),
                    ("act", new ScalarSafe.LeakyReLU())
                )
            );
        decoder = new ModuleList<ResidualUpBlock>();
        for (int level = 0; level < levels; level++)
            decoder.Add(
                new ResidualUpBlock(
                    2L * (w << (levels - level)),
                    w << (levels - level - 1),
                    upTime: level < seed.TimeDoublings,
                    config.NumLabels
                )
            );
        outNorm = new ConditionalBatchNorm(2 * w, config.NumLabels);
        toRgb = ChannelsLastConv.From(nn.Conv3d(2 * w, 3, kernel_size: 3, padding: 1));
        RegisterComponents();
        Init.Dcgan(this);
        foreach (var norm in modules().OfType<ConditionalBatchNorm>())
            norm.Reset();
    }

    public override Tensor forward(Tensor z, Tensor? classes, Tensor? context)
    {
        if (context is null)
            throw new VidganException($"this model continues given frames: pass {contextFrames} frame(s)", 2);
        long b = context.shape[0];
        // Encoder: (B, 3, K, H, W) → frames on the channel axis → features at H, H/2, …, 4.
        var skips = new List<Tensor>
        {
            ScalarSafe.ApplyLeakyRelu(
                stem.forward(context.permute(0, 2, 1, 3, 4).reshape(b, -1, context.shape[3], context.shape[4]))
            ),
        };
        foreach (var level in encoder)
            skips.Add(level.forward(skips[^1]));

        var x = WithSkip(seed.forward(z, classes), skips[^1]);
        for (int i = 0; i < decoder.Count; i++)
            x = WithSkip(decoder[i].forward(x, classes), skips[skips.Count - 2 - i]);
        var clip = torch.tanh(toRgb.forward(nn.functional.relu(outNorm.forward(x, classes))));
        long frames = clip.shape[2];
        return torch.cat(new[] { context, clip.narrow(2, contextFrames, frames - contextFrames) }, 2);
    }

    /// <summary>Concatenates 2D encoder features (B, C, h, w), repeated over the volume's frames, to a volume (B, C',
    /// T, h, w).</summary>
    static Tensor WithSkip(Tensor volume, Tensor features) =>
        torch.cat(new[] { volume, features.unsqueeze(2).expand(-1, -1, volume.shape[2], -1, -1) }, 1);
}
