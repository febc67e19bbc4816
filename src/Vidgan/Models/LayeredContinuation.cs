using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Vidgan.Models;

/// <summary>The layered model continuing given frames (image → video, video → video): instead of drawing the sprite, it
/// lifts it out of the frames. A small convolutional locator scores every pixel of every given frame; the soft arg-max
/// of those scores is the object's position in that frame (so the last two frames give its velocity), the last given
/// frame re-centred on the object is the sprite's colour, and a matte network gives its alpha. The background is the
/// given frames' median colour. <see cref="SpriteMotion"/> then carries the sprite on from where and how fast it was
/// going (with one given frame the speed is drawn from the noise), and each predicted frame is the moved sprite over
/// the background, so the object keeps its exact look. Same noise layout as <see cref="LayeredGenerator"/>; only the
/// motion part is used.</summary>
public sealed class LayeredContinuation : ClipGenerator
{
    readonly Sequential locator,
        matte;
    readonly SpriteMotion motion;
    readonly int contentDim,
        frames,
        contextFrames;

    public LayeredContinuation(ModelConfig config)
        : base(nameof(LayeredContinuation))
    {
        if (config.ContextFrames < 1)
            throw new VidganException(
                "the layered continuation model needs given frames: setting 'model.condition' image or video",
                2
            );
        contentDim = config.ZDim;
        frames = config.Frames;
        contextFrames = config.ContextFrames;
        int w = config.GeneratorWidth;
        // Both read a frame and its difference from the background colour (6 channels).
        locator = nn.Sequential(
            ("conv0", ChannelsLastConv.From(nn.Conv2d(6, w, kernel_size: 3, padding: 1))),
            ("act0", new ScalarSafe.LeakyReLU()),
            ("conv1", ChannelsLastConv.From(nn.Conv2d(w, w, kernel_size: 3, padding: 2, dilation: 2))),
            ("act1", new ScalarSafe.LeakyReLU()),
            ("conv2", ChannelsLastConv.From(nn.Conv2d(w, 1, kernel_size: 3, padding: 1)))
        );
        matte = nn.Sequential(
            ("conv0", ChannelsLastConv.From(nn.Conv2d(6, w, kernel_size: 3, padding: 1))),
            ("act0", new ScalarSafe.LeakyReLU()),
            ("conv1", ChannelsLastConv.From(nn.Conv2d(w, w, kernel_size: 3, padding: 1))),
            ("act1", new ScalarSafe.LeakyReLU()),
            ("conv2", ChannelsLastConv.From(nn.Conv2d(w, 1, kernel_size: 3, padding: 1)))
        );
        // The start is read off the last given frame; so is the speed when there are two or more.
        motion = new SpriteMotion(drawsStart: false, drawsVelocity: contextFrames == 1);
        RegisterComponents();
        Init.Dcgan(this);
        motion.InitialiseHeads();
    }

    public override Tensor forward(Tensor z, Tensor? classes, Tensor? context)
    {
        if (context is null)
            throw new VidganException($"this model continues given frames: pass {contextFrames} frame(s)", 2);
        long b = context.shape[0],
            k = context.shape[2],
            h = context.shape[3],
            w = context.shape[4],
            future = frames - k;
        // The background: the median colour of all given pixels, as long as the object covers less than half of them.
        var background = ClipTensors.MedianColour(context).view(b, 3, 1, 1);
        var given = context.permute(0, 2, 1, 3, 4).reshape(b * k, 3, h, w);
        var positions = Locate(given, background.repeat_interleave(k, 0)).view(b, k, 2);

        var last = positions.select(1, k - 1);
        var velocity = k >= 2 ? last - positions.select(1, k - 2) : null;
        var colour = SpriteMotion.Centre(context.select(2, k - 1), last, background);
        var alpha = torch.sigmoid(matte.forward(torch.cat(new[] { colour, colour - background }, 1)));
        var sprite = torch.cat(new[] { colour, alpha }, 1);

        // The path starts at the last given frame; its first entry is that frame, the rest are predicted.
        var noise = z.narrow(
                1,
                contentDim + (k - 1) * SpriteMotion.NoisePerFrame,
                (future + 1) * SpriteMotion.NoisePerFrame
            )
            .view(b, future + 1, SpriteMotion.NoisePerFrame);
        var (path, scale) = motion.Trajectory(noise, last, velocity);
        var moved = SpriteMotion.Warp(sprite, path.narrow(1, 1, future), scale.narrow(1, 1, future)); // B·F, 4, H, W
        var backgrounds = background.unsqueeze(1).expand(b, future, 3, h, w).reshape(b * future, 3, h, w);
        var predicted = LayeredGenerator.Composite(moved, backgrounds).view(b, future, 3, h, w).permute(0, 2, 1, 3, 4);
        return torch.cat(new[] { context, predicted }, 2);
    }

    /// <summary>Object position (N, 2) in each frame (N, 3, H, W): the soft arg-max of the locator's scores.</summary>
    Tensor Locate(Tensor frames, Tensor background)
    {
        long n = frames.shape[0],
            h = frames.shape[2],
            w = frames.shape[3];
        var scores = locator.forward(torch.cat(new[] { frames, frames - background }, 1)).view(n, h * w);
        var weights = torch.softmax(scores.to_type(ScalarType.Float32), 1);
        var coordinates = SpriteMotion.Identity(h, w, frames.device).view(h * w, 2);
        return weights.matmul(coordinates).to_type(frames.dtype);
    }
}
