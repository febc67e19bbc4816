using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Vidgan.Models;

/// <summary>Layered generator: a static background and one moving sprite, composited per frame (the two streams of
/// Vondrick et al. 2016's VGAN, with the foreground moved by a spatial transformer instead of redrawn each frame).
/// A residual 2D decoder draws, once per clip from the content code (+ class), the sprite's colour and alpha mask; the
/// background is drawn at 4×4 and smoothly up-sampled, so that objects have to go into the sprite. The motion is a
/// small dynamical system: a GRU fed per-frame noise (as in MoCoGAN) and the sprite's own position and velocity gives
/// its start, start velocity, per-frame acceleration and scale, so constant motion is the default and a bounce is a
/// learned reaction to a wall. Because the sprite is drawn once and only moved, its outline cannot morph over the
/// clip. Suits footage from a fixed camera with one dominant moving object on a plain background; <c>resnet</c> is
/// the general choice.
/// Noise layout: [content (ZDim) | motion noise (Frames × MotionNoise)], as mocogan's.</summary>
public sealed class LayeredGenerator : ClipGenerator
{
    public const int MotionNoise = 8;
    const int MotionDim = 32;
    /// <summary>Largest zoom in or out relative to the drawn sprite (e^±0.3 ≈ ×1.35).</summary>
    const double MaxLogScale = 0.3;

    readonly SeedProjection seed;
    readonly ModuleList<ResidualUpBlock> blocks;
    readonly ConditionalBatchNorm outNorm;
    readonly Conv3d toLayers;
    readonly GRUCell motion;
    readonly Linear background, startHead, velocityHead, accelerationHead, scaleHead;
    readonly int contentDim, frames, size;

    public static int NoiseDim(ModelConfig c) => c.ZDim + c.Frames * MotionNoise;

    public LayeredGenerator(ModelConfig config) : base(nameof(LayeredGenerator))
    {
        contentDim = config.ZDim;
        frames = config.Frames;
        size = config.Size;
        // One frame: the decoder is the resnet generator's blocks run on a single-frame volume.
        seed = new SeedProjection(config with { Frames = 1 });
        blocks = new ModuleList<ResidualUpBlock>();
        int ch = seed.Channels;
        for (int level = 0; level < config.Levels; level++)
        {
            blocks.Add(new ResidualUpBlock(ch, ch / 2, upTime: false, config.NumClasses));
            ch /= 2;
        }
        outNorm = new ConditionalBatchNorm(ch, config.NumClasses);
        toLayers = nn.Conv3d(ch, 4, kernel_size: (1, 3, 3), padding: (0, 1, 1));   // sprite RGB, alpha
        background = nn.Linear(config.ZDim, 3 * 4 * 4);
        motion = nn.GRUCell(MotionNoise + 4, MotionDim);
        startHead = nn.Linear(MotionDim, 2);
        velocityHead = nn.Linear(MotionDim, 2);
        accelerationHead = nn.Linear(MotionDim, 2);
        scaleHead = nn.Linear(MotionDim, 1);
        RegisterComponents();
        Init.Dcgan(this);
        foreach (var norm in modules().OfType<ConditionalBatchNorm>()) norm.Reset();
        using (torch.no_grad())
        {
            // Untrained sprites already start spread over the frame and move at about a pixel per frame.
            nn.init.normal_(startHead.weight, 0.0, 0.3);
            nn.init.normal_(velocityHead.weight, 0.0, 0.05);
        }
    }

    public override Tensor forward(Tensor z, Tensor? classes, Tensor? context)
    {
        long b = z.shape[0];
        var x = seed.forward(z.narrow(1, 0, contentDim), classes);
        foreach (var block in blocks) x = block.forward(x, classes);
        var layers = toLayers.forward(nn.functional.relu(outNorm.forward(x, classes))).squeeze(2);   // B, 4, H, W
        var sprite = torch.cat(new[] { torch.tanh(layers.narrow(1, 0, 3)), torch.sigmoid(layers.narrow(1, 3, 1)) }, 1);
        var backdrop = nn.functional.interpolate(background.forward(z.narrow(1, 0, contentDim)).view(b, 3, 4, 4),
            new long[] { size, size }, mode: InterpolationMode.Bilinear, align_corners: false);

        var (position, scale) = Trajectory(z.narrow(1, contentDim, frames * MotionNoise).view(b, frames, MotionNoise));
        var moved = Warp(sprite, position, scale);                                              // B·T, 4, H, W
        var colour = moved.narrow(1, 0, 3);
        var alpha = moved.narrow(1, 3, 1);
        var stillBackground = torch.tanh(backdrop).unsqueeze(1).expand(b, frames, 3, size, size).reshape(b * frames, 3, size, size);
        var images = alpha * colour + (1 - alpha) * stillBackground;
        return images.view(b, frames, 3, size, size).permute(0, 2, 1, 3, 4);
    }

    /// <summary>Per-frame sprite centre (B, T, 2) in [-1, 1] frame coordinates and scale (B, T, 1).</summary>
    (Tensor Position, Tensor Scale) Trajectory(Tensor noise)
    {
        long b = noise.shape[0];
        var state = torch.zeros(b, 4, dtype: noise.dtype, device: noise.device);
        var h = motion.forward(torch.cat(new[] { noise.select(1, 0), state }, 1));
        var position = torch.tanh(startHead.forward(h));
        var velocity = velocityHead.forward(h);
        var positions = new Tensor[frames];
        var states = new Tensor[frames];
        (positions[0], states[0]) = (position, h);
        for (int t = 1; t < frames; t++)
        {
            h = motion.forward(torch.cat(new[] { noise.select(1, t), position, velocity }, 1), h);
            velocity = velocity + accelerationHead.forward(h);
            position = position + velocity;
            (positions[t], states[t]) = (position, h);
        }
        var scale = torch.exp(MaxLogScale * torch.tanh(scaleHead.forward(torch.stack(states, 1))));
        return (torch.stack(positions, 1), scale);
    }

    /// <summary>Moves the sprite (B, 4, H, W) to each frame's position and scale: output pixel p samples the sprite
    /// at (p − position) / scale; outside the sprite everything is zero, alpha included.</summary>
    Tensor Warp(Tensor sprite, Tensor position, Tensor scale)
    {
        long b = sprite.shape[0];
        var axis = (torch.arange(size, dtype: ScalarType.Float32, device: sprite.device) * 2 + 1) / size - 1;
        var gy = axis.view(size, 1).expand(size, size);
        var gx = axis.view(1, size).expand(size, size);
        var identity = torch.stack(new[] { gx, gy }, 2).view(1, size, size, 2);               // x, y order
        var grid = (identity - position.to_type(ScalarType.Float32).reshape(b * frames, 1, 1, 2))
                   / scale.to_type(ScalarType.Float32).reshape(b * frames, 1, 1, 1);
        var layers = sprite.unsqueeze(1).expand(b, frames, 4, size, size).reshape(b * frames, 4, size, size);
        // Sampled in float32: bf16 grid sampling loses sub-pixel positions.
        var moved = nn.functional.grid_sample(layers.to_type(ScalarType.Float32), grid,
            GridSampleMode.Bilinear, GridSamplePaddingMode.Zeros, align_corners: false);
        return moved.to_type(sprite.dtype);
    }
}
