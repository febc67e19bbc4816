using Vidgan.Media;
using Vidgan.Util;

namespace Vidgan.Data;

/// <summary>Procedural videos of one coloured shape bouncing off the walls of a dark canvas. Each class
/// is a shape; colour, size, start and velocity are random but fixed by the seed.</summary>
public static class ShapesDataset
{
    public static readonly string[] AllClasses = { "circle", "square", "triangle", "diamond", "cross" };
    const int Supersample = 3;

    public sealed record Options(
        int PerClass = 30,
        int Size = 64,
        int Frames = 48,
        int Seed = 1,
        double Fps = 8,
        int Classes = 3
    );

    /// <summary>Writes <c>class_n.mp4</c> files and returns their paths.</summary>
    public static IReadOnlyList<string> Write(string outDir, Options options, Action<int, int>? progress = null)
    {
        if (options.Classes < 1 || options.Classes > AllClasses.Length)
            throw new VidganException($"setting 'classes' must be between 1 and {AllClasses.Length}", 2);
        if (options.Size < 8 || options.Size > 1024)
            throw new VidganException("setting 'size' must be between 8 and 1024", 2);
        if (options.Frames < 2 || options.Frames > 10_000)
            throw new VidganException("setting 'frames' must be between 2 and 10000", 2);
        if (options.PerClass < 1)
            throw new VidganException("setting 'per_class' must be at least 1", 2);
        Folders.Create(outDir);
        var jobs = new List<VideoEncoder.Job>();
        foreach (string shape in AllClasses.Take(options.Classes))
            for (int n = 1; n <= options.PerClass; n++)
            {
                var clip = Render(shape, options.Size, options.Frames, options.Fps, SeedFor(options.Seed, shape, n));
                jobs.Add(new VideoEncoder.Job(clip, Path.Combine(outDir, $"{shape}_{n}.mp4"), VideoFormat.Mp4));
            }
        for (int i = 0; i < jobs.Count; i += ProgressEvery)
        {
            VideoEncoder.EncodeMany(jobs.Skip(i).Take(ProgressEvery).ToArray());
            progress?.Invoke(Math.Min(i + ProgressEvery, jobs.Count), jobs.Count);
        }
        return jobs.Select(j => j.OutputPath).ToArray();
    }

    /// <summary>Clips encoded between two progress reports.</summary>
    const int ProgressEvery = 48;

    static int SeedFor(int seed, string shape, int n) =>
        (int)(Hashing.UnitInterval($"{seed}/{shape}/{n}") * int.MaxValue);

    public static Clip Render(string shape, int size, int frames, double fps, int seed)
    {
        var rng = new Random(seed);
        var (r, g, b) = HsvToRgb(rng.NextDouble(), 0.65 + 0.35 * rng.NextDouble(), 0.8 + 0.2 * rng.NextDouble());
        double radius = size * (0.2 + 0.08 * rng.NextDouble());
        double x = radius + rng.NextDouble() * (size - 2 * radius),
            y = radius + rng.NextDouble() * (size - 2 * radius);
        double angle = rng.NextDouble() * 2 * Math.PI,
            speed = size * (0.025 + 0.025 * rng.NextDouble());
        double vx = speed * Math.Cos(angle),
            vy = speed * Math.Sin(angle);
        var bytes = new byte[frames * size * size * 3];
        for (int t = 0; t < frames; t++)
        {
            DrawFrame(bytes.AsSpan(t * size * size * 3, size * size * 3), size, shape, x, y, radius, r, g, b);
            x += vx;
            y += vy;
            if (x < radius)
            {
                x = 2 * radius - x;
                vx = -vx;
            }
            if (x > size - radius)
            {
                x = 2 * (size - radius) - x;
                vx = -vx;
            }
            if (y < radius)
            {
                y = 2 * radius - y;
                vy = -vy;
            }
            if (y > size - radius)
            {
                y = 2 * (size - radius) - y;
                vy = -vy;
            }
        }
        return new Clip(bytes, frames, size, size, fps);
    }

    static void DrawFrame(
        Span<byte> frame,
        int size,
        string shape,
        double cx,
        double cy,
        double radius,
        double r,
        double g,
        double b
    )
    {
        const double background = 0.06;
        int x0 = Math.Max(0, (int)(cx - radius - 1)),
            x1 = Math.Min(size - 1, (int)(cx + radius + 1));
        int y0 = Math.Max(0, (int)(cy - radius - 1)),
            y1 = Math.Min(size - 1, (int)(cy + radius + 1));
        byte bg = (byte)(background * 255);
        frame.Fill(bg);
        for (int py = y0; py <= y1; py++)
        for (int px = x0; px <= x1; px++)
        {
            int hits = 0;
            for (int sy = 0; sy < Supersample; sy++)
            for (int sx = 0; sx < Supersample; sx++)
            {
                double u = (px + (sx + 0.5) / Supersample - cx) / radius;
                double v = (py + (sy + 0.5) / Supersample - cy) / radius;
                if (Inside(shape, u, v))
                    hits++;
            }
            if (hits == 0)
                continue;
            double a = hits / (double)(Supersample * Supersample);
            int o = (py * size + px) * 3;
            frame[o] = (byte)Math.Round(255 * (background * (1 - a) + r * a));
            frame[o + 1] = (byte)Math.Round(255 * (background * (1 - a) + g * a));
            frame[o + 2] = (byte)Math.Round(255 * (background * (1 - a) + b * a));
        }
    }

    /// <summary>Whether (u, v), in units of the shape's radius around its centre, is inside the shape.</summary>
    internal static bool Inside(string shape, double u, double v) =>
        shape switch
        {
            "circle" => u * u + v * v <= 1,
            "square" => Math.Abs(u) <= 0.8 && Math.Abs(v) <= 0.8,
            // Upward-pointing triangle with its apex at v = -1 and base at v = 0.8.
            "triangle" => v <= 0.8 && v >= -1 && Math.Abs(u) <= (v + 1) / 1.8 * 0.95,
            "diamond" => Math.Abs(u) + Math.Abs(v) <= 1,
            "cross" => (Math.Abs(u) <= 0.3 && Math.Abs(v) <= 0.9) || (Math.Abs(v) <= 0.3 && Math.Abs(u) <= 0.9),
            _ => throw new ArgumentException($"unknown shape {shape}"),
        };

    static (double, double, double) HsvToRgb(double h, double s, double v)
    {
        double c = v * s,
            hp = h * 6,
            x = c * (1 - Math.Abs(hp % 2 - 1)),
            m = v - c;
        var (r, g, b) = (int)hp switch
        {
            0 => (c, x, 0.0),
            1 => (x, c, 0.0),
            2 => (0.0, c, x),
            3 => (0.0, x, c),
            4 => (x, 0.0, c),
            _ => (c, 0.0, x),
        };
        return (r + m, g + m, b + m);
    }
}
