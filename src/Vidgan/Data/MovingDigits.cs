using Vidgan.Media;
using Vidgan.Util;

namespace Vidgan.Data;

/// <summary>Moving MNIST as Srivastava et al. (2015) made it: a 64×64 canvas, two 28×28 digits, 20 frames; each digit
/// starts uniformly in the free range (64 − 28 = 36 px), moves in a uniform direction at 0.1 of the free range per
/// frame, and on leaving the range is clamped with that velocity component flipped; digits combine by
/// maximum.</summary>
public static class MovingDigits
{
    public sealed record Options(int Count = 1000, int Frames = 20, int Canvas = 64, int Digits = 2, int Seed = 1);

    /// <summary>Top-left positions (x, y) of one digit for each frame.</summary>
    public static (double X, double Y)[] Trajectory(Random rng, int frames, int canvas)
    {
        double range = canvas - DigitSource.Side;
        double x = rng.NextDouble() * range,
            y = rng.NextDouble() * range;
        double theta = rng.NextDouble() * 2 * Math.PI,
            speed = 0.1 * range;
        double vx = speed * Math.Cos(theta),
            vy = speed * Math.Sin(theta);
        var path = new (double, double)[frames];
        for (int t = 0; t < frames; t++)
        {
            path[t] = (x, y);
            x += vx;
            y += vy;
            if (x < 0)
            {
                x = 0;
                vx = -vx;
            }
            if (x > range)
            {
                x = range;
                vx = -vx;
            }
            if (y < 0)
            {
                y = 0;
                vy = -vy;
            }
            if (y > range)
            {
                y = range;
                vy = -vy;
            }
        }
        return path;
    }

    /// <summary>One sequence as grey frames (T, canvas, canvas) in [0, 1].</summary>
    public static float[] Sequence(IReadOnlyList<float[]> digits, Random rng, Options o)
    {
        var canvas = new float[o.Frames * o.Canvas * o.Canvas];
        for (int d = 0; d < o.Digits; d++)
        {
            var digit = digits[rng.Next(digits.Count)];
            var path = Trajectory(rng, o.Frames, o.Canvas);
            for (int t = 0; t < o.Frames; t++)
            {
                int left = (int)Math.Round(path[t].X),
                    top = (int)Math.Round(path[t].Y);
                for (int r = 0; r < DigitSource.Side; r++)
                for (int c = 0; c < DigitSource.Side; c++)
                {
                    int i = (t * o.Canvas + top + r) * o.Canvas + left + c;
                    canvas[i] = Math.Max(canvas[i], digit[r * DigitSource.Side + c]);
                }
            }
        }
        return canvas;
    }

    /// <summary>Writes sequences as lossless videos (FFV1 in Matroska, so pixel metrics see exact values).</summary>
    public static IReadOnlyList<string> Write(string outDir, string prefix, IReadOnlyList<float[]> digits, Options o)
    {
        if (o.Count < 1 || o.Frames < 2 || o.Canvas < DigitSource.Side + 1 || o.Digits < 1)
            throw new VidganException(
                "moving digits need setting 'count' ≥ 1, setting 'frames' ≥ 2, a canvas larger than 28 px and ≥ 1 "
                    + "digit",
                2
            );
        var rng = new Random(o.Seed);
        var jobs = new List<VideoEncoder.Job>();
        for (int n = 1; n <= o.Count; n++)
        {
            var grey = Sequence(digits, rng, o);
            var rgb = new byte[grey.Length * 3];
            for (int i = 0; i < grey.Length; i++)
                rgb[3 * i] = rgb[3 * i + 1] = rgb[3 * i + 2] = (byte)Math.Round(grey[i] * 255);
            jobs.Add(
                new VideoEncoder.Job(
                    new Clip(rgb, o.Frames, o.Canvas, o.Canvas, 10),
                    Path.Combine(outDir, $"{prefix}_{n}.mkv"),
                    VideoFormat.Mkv
                )
            );
        }
        Folders.Create(outDir);
        VideoEncoder.EncodeMany(jobs);
        return jobs.Select(j => j.OutputPath).ToArray();
    }
}
