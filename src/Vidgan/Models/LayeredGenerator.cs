using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Vidgan.Models;

/// <summary>Layered generator: a static background and one moving sprite, composited per frame (the two streams of
/// Vondrick et al. 2016's VGAN, with the foreground moved by a spatial transformer instead of redrawn each frame).
/// A residual 2D decoder draws, once per clip from the content code (+ class), the sprite's colour and alpha mask; the
/// background is drawn at 4×4 and smoothly up-sampled, or as one colour (<see cref="ModelConfig.PlainBackground"/>),
/// so that objects have to go into the sprite (a 4×4 picture can still show through holes in it). The sprite's canvas
/// may span twice the frame's width (<see cref="ModelConfig.SpriteCanvas"/>). The motion is a
/// small dynamical system: a GRU fed per-frame noise (as in MoCoGAN) and the sprite's own position and velocity gives
/// its start, start velocity, per-frame acceleration and scale, so constant motion is the default and a bounce is a
/// learned reaction to a wall. Because the sprite is drawn once and only moved, its outline cannot morph over the
/// clip. Suits footage from a fixed camera with one dominant moving object on a plain background; <c>resnet</c> is
/// the general choice. With given frames (image → video, video → video) the layered model is <see
/// cref="LayeredContinuation"/>.
/// Noise layout: [content (ZDim) | motion noise (Frames × MotionNoise)], as mocogan's.</summary>
public sealed class LayeredGenerator : ClipGenerator
{
    public const int MotionNoise = SpriteMotion.NoisePerFrame;

    readonly SeedProjection seed;
    readonly ModuleList<ResidualUpBlock> blocks;
    readonly ConditionalBatchNorm outNorm;
    readonly ChannelsLastConv toLayers;
    readonly SpriteMotion motion;
    readonly Linear background;
    readonly int contentDim,
        frames,
        size,
        backgroundGrid,
        canvas;

    public static int NoiseDim(ModelConfig c) => c.ZDim + c.Frames * MotionNoise;

    public LayeredGenerator(ModelConfig config)
        : base(nameof(LayeredGenerator))
    {
        contentDim = config.ZDim;
        frames = config.Frames;
        size = config.Size;
        // One frame: the decoder is the resnet generator's blocks run on a single-frame volume.
        seed = new SeedProjection(config with { Frames = 1 });
        blocks = new ModuleList<ResidualUpBlock>();
        int ch = seed.Channels;
        canvas = config.SpriteCanvas;
        for (int level = 0; level < config.Levels + int.Log2(canvas); level++)
        {
            blocks.Add(new ResidualUpBlock(ch, ch / 2, upTime: false, config.NumLabels));
            ch /= 2;
        }
        outNorm = new ConditionalBatchNorm(ch, config.NumLabels);
        // Sprite RGB and alpha.
        toLayers = ChannelsLastConv.From(nn.Conv3d(ch, 4, kernel_size: (1, 3, 3), padding: (0, 1, 1)));
        motion = new SpriteMotion();
        backgroundGrid = config.PlainBackground ? 1 : 4;
        background = nn.Linear(config.ZDim, 3 * backgroundGrid * backgroundGrid);
        RegisterComponents();
        Init.Dcgan(this);
        foreach (var norm in modules().OfType<ConditionalBatchNorm>())
            norm.Reset();
        motion.InitialiseHeads();
    }

    public override Tensor forward(Tensor z, Tensor? classes, Tensor? context)
    {
        long b = z.shape[0];
        var x = seed.forward(z.narrow(1, 0, contentDim), classes);
        foreach (var block in blocks)
            x = block.forward(x, classes);
        var layers = toLayers.forward(nn.functional.relu(outNorm.forward(x, classes))).squeeze(2); // B, 4, H, W
        var sprite = torch.cat(new[] { torch.tanh(layers.narrow(1, 0, 3)), torch.sigmoid(layers.narrow(1, 3, 1)) }, 1);
        var backdrop = nn.functional.interpolate(
            background.forward(z.narrow(1, 0, contentDim)).view(b, 3, backgroundGrid, backgroundGrid),
            new long[] { size, size },
            mode: InterpolationMode.Bilinear,
            align_corners: false
        );

        var (position, scale) = motion.Trajectory(
            z.narrow(1, contentDim, frames * MotionNoise).view(b, frames, MotionNoise)
        );
        var still = torch
            .tanh(backdrop)
            .unsqueeze(1)
            .expand(b, frames, 3, size, size)
            .reshape(b * frames, 3, size, size);
        return Composite(SpriteMotion.Warp(sprite, position, scale, canvas), still)
            .view(b, frames, 3, size, size)
            .permute(0, 2, 1, 3, 4);
    }

    /// <summary>Moved sprite layers (N, 4, H, W: colour, alpha) over backgrounds (N, 3, H, W) → images (N, 3, H,
    /// W).</summary>
    internal static Tensor Composite(Tensor moved, Tensor backgrounds)
    {
        var alpha = moved.narrow(1, 3, 1);
        return alpha * moved.narrow(1, 0, 3) + (1 - alpha) * backgrounds;
    }
}
