using TorchSharp;
using Vidgan.Models;
using static TorchSharp.torch;

namespace Vidgan.Generation;

/// <summary>Which part of the noise moves between the two seeds. For mocogan and layered, content and motion are
/// separate parts of the noise: moving one keeps the other fixed (the first seed's).</summary>
public enum InterpolationPart
{
    All,
    Content,
    Motion,
}

public sealed record InterpolationOptions(long SeedTo, int Steps, InterpolationPart Part = InterpolationPart.All);

/// <summary>Noise paths between two seeds, by spherical interpolation (the norm of Gaussian noise stays
/// typical).</summary>
public static class Interpolation
{
    public static InterpolationPart ParsePart(string text) =>
        text.ToLowerInvariant() switch
        {
            "all" => InterpolationPart.All,
            "content" => InterpolationPart.Content,
            "motion" => InterpolationPart.Motion,
            _ => throw new VidganException(
                $"unknown setting 'interpolate_part' '{text}': use all, content or " + "motion",
                2
            ),
        };

    /// <summary>Noise rows (steps, noise size) from seed A to seed B.</summary>
    public static Tensor Path(ModelConfig config, long seedA, InterpolationOptions o, double? truncation = null)
    {
        if (o.Steps < 2 || o.Steps > 1000)
            throw new VidganException("setting 'steps' must be between 2 and 1000 for setting 'interpolate'", 2);
        if (o.Part != InterpolationPart.All && !ModelRegistry.SeparatesMotion(config))
            throw new VidganException(
                $"setting 'interpolate_part' {o.Part.ToString().ToLowerInvariant()} needs a model with separate "
                    + "content "
                    + $"and motion (mocogan, layered); this run is {config.Architecture}",
                2
            );
        int size = ModelRegistry.NoiseDim(config);
        var ends = ClipSampler.Noise(new[] { seedA, o.SeedTo }, size, CPU, truncation);
        var a = ends[0];
        var b = ends[1];
        var rows = new Tensor[o.Steps];
        for (int i = 0; i < o.Steps; i++)
        {
            double t = i / (double)(o.Steps - 1);
            var moved = Slerp(a, b, t);
            rows[i] = o.Part switch
            {
                InterpolationPart.Content => torch.cat(
                    new[] { moved.narrow(0, 0, config.ZDim), a.narrow(0, config.ZDim, size - config.ZDim) }
                ),
                InterpolationPart.Motion => torch.cat(
                    new[] { a.narrow(0, 0, config.ZDim), moved.narrow(0, config.ZDim, size - config.ZDim) }
                ),
                _ => moved,
            };
        }
        return torch.stack(rows);
    }

    public static Tensor Slerp(Tensor a, Tensor b, double t)
    {
        double cos = Math.Clamp((a.dot(b) / (a.norm() * b.norm())).item<float>(), -1.0, 1.0);
        double omega = Math.Acos(cos);
        if (omega < 1e-6)
            return a * (1 - t) + b * t;
        return a * (Math.Sin((1 - t) * omega) / Math.Sin(omega)) + b * (Math.Sin(t * omega) / Math.Sin(omega));
    }
}
