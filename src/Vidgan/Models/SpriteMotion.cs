using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Vidgan.Models;

/// <summary>The layered models' motion: a small dynamical system for one sprite. A GRU fed per-frame noise (as in
/// MoCoGAN) and the sprite's own position and velocity gives a per-frame acceleration and zoom, so constant motion is
/// the default and a bounce is a learned reaction to a wall. The start (position, velocity) is either drawn from the
/// noise or given (read off the frames a clip continues). Positions are [-1, 1] frame coordinates, x then y.</summary>
public sealed class SpriteMotion : nn.Module
{
    public const int NoisePerFrame = 8;
    const int StateDim = 32;

    /// <summary>Largest zoom in or out relative to the sprite as drawn (e^±0.3 ≈ ×1.35).</summary>
    const double MaxLogScale = 0.3;

    readonly GRUCell cell;
    readonly Linear? startHead,
        velocityHead;
    readonly Linear accelerationHead,
        scaleHead;

    /// <param name="drawsStart">Whether the start position is drawn from the noise (else it is always given).</param>
    /// <param name="drawsVelocity">Whether the start velocity is drawn from the noise (else it is always
    /// given).</param>
    public SpriteMotion(bool drawsStart = true, bool drawsVelocity = true)
        : base(nameof(SpriteMotion))
    {
        cell = nn.GRUCell(NoisePerFrame + 4, StateDim);
        if (drawsStart)
            startHead = nn.Linear(StateDim, 2);
        if (drawsVelocity)
            velocityHead = nn.Linear(StateDim, 2);
        accelerationHead = nn.Linear(StateDim, 2);
        scaleHead = nn.Linear(StateDim, 1);
        RegisterComponents();
    }

    /// <summary>Untrained sprites start spread over the frame and move at about a pixel per frame. Called after the
    /// owner's blanket initialisation.</summary>
    public void InitialiseHeads()
    {
        using var _ = torch.no_grad();
        if (startHead is not null)
            Init.Normal(startHead.weight, 0.0, 0.3);
        if (velocityHead is not null)
            Init.Normal(velocityHead.weight, 0.0, 0.05);
    }

    /// <summary>Per-frame sprite centre (B, F, 2) and scale (B, F, 1) for the F frames of <paramref name="noise"/> (B,
    /// F, NoisePerFrame). With <paramref name="start"/> (B, 2) the path starts there (frame 0 is the given position);
    /// with <paramref name="velocity"/> (B, 2) too it starts at that speed, otherwise the speed is drawn.</summary>
    public (Tensor Position, Tensor Scale) Trajectory(Tensor noise, Tensor? start = null, Tensor? velocity = null)
    {
        long b = noise.shape[0],
            frames = noise.shape[1];
        var state = start is null
            ? torch.zeros(b, 4, dtype: noise.dtype, device: noise.device)
            : torch.cat(new[] { start, velocity ?? torch.zeros_like(start) }, 1);
        var h = cell.forward(torch.cat(new[] { noise.select(1, 0), state }, 1));
        var position = start ?? torch.tanh(Head(startHead, "start").forward(h));
        var speed = velocity ?? Head(velocityHead, "velocity").forward(h);
        var positions = new Tensor[frames];
        var states = new Tensor[frames];
        (positions[0], states[0]) = (position, h);
        for (int t = 1; t < frames; t++)
        {
            h = cell.forward(torch.cat(new[] { noise.select(1, t), position, speed }, 1), h);
            speed = speed + accelerationHead.forward(h);
            position = position + speed;
            (positions[t], states[t]) = (position, h);
        }
        var scale = torch.exp(MaxLogScale * torch.tanh(scaleHead.forward(torch.stack(states, 1))));
        return (torch.stack(positions, 1), scale);
    }

    static Linear Head(Linear? head, string what) =>
        head ?? throw new InvalidOperationException($"this motion model is always given its start {what}");

    /// <summary>Moves a centred sprite (B, C, H, W) spanning <paramref name="canvas"/> frame widths to each frame's
    /// position and scale → (B·F, C, H / canvas, W / canvas): output pixel p samples the sprite at (p − position) /
    /// (scale · canvas); outside the sprite everything is zero, alpha included.</summary>
    public static Tensor Warp(Tensor sprite, Tensor position, Tensor scale, int canvas = 1)
    {
        long b = sprite.shape[0],
            c = sprite.shape[1],
            frames = position.shape[1],
            h = sprite.shape[2],
            w = sprite.shape[3];
        var grid =
            (
                Identity(h / canvas, w / canvas, sprite.device)
                - position.to_type(ScalarType.Float32).reshape(b * frames, 1, 1, 2)
            ) / (canvas * scale.to_type(ScalarType.Float32).reshape(b * frames, 1, 1, 1));
        var layers = sprite.unsqueeze(1).expand(b, frames, c, h, w).reshape(b * frames, c, h, w);
        return Sample(layers, grid, GridSamplePaddingMode.Zeros);
    }

    /// <summary>The frames (B, C, H, W) re-centred on <paramref name="centre"/> (B, 2): the inverse of <see
    /// cref="Warp"/> at scale 1. What comes from outside the frame is <paramref name="outside"/> (B, C, 1, 1):
    /// repeating the edge pixels instead would smear an object that touches the edge into streaks.</summary>
    public static Tensor Centre(Tensor frames, Tensor centre, Tensor outside)
    {
        long b = frames.shape[0],
            h = frames.shape[2],
            w = frames.shape[3];
        var grid = Identity(h, w, frames.device) + centre.to_type(ScalarType.Float32).reshape(b, 1, 1, 2);
        return Sample(frames - outside, grid, GridSamplePaddingMode.Zeros) + outside;
    }

    /// <summary>Pixel-centre coordinates (1, H, W, 2) in [-1, 1], x then y (grid_sample's order, align_corners
    /// false).</summary>
    public static Tensor Identity(long h, long w, Device device)
    {
        var ys = (torch.arange(h, dtype: ScalarType.Float32, device: device) * 2 + 1) / h - 1;
        var xs = (torch.arange(w, dtype: ScalarType.Float32, device: device) * 2 + 1) / w - 1;
        return torch.stack(new[] { xs.view(1, w).expand(h, w), ys.view(h, 1).expand(h, w) }, 2).view(1, h, w, 2);
    }

    // Sampled in float32: bf16 grid sampling loses sub-pixel positions.
    static Tensor Sample(Tensor input, Tensor grid, GridSamplePaddingMode padding) =>
        nn
            .functional.grid_sample(
                input.to_type(ScalarType.Float32),
                grid,
                GridSampleMode.Bilinear,
                padding,
                align_corners: false
            )
            .to_type(input.dtype);
}
