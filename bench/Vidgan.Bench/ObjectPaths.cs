using TorchSharp;
using static TorchSharp.torch;

namespace Vidgan.Bench;

/// <summary>Where the one object of a plain-background clip is in each frame: the centroid of the pixels whose colour
/// differs from the clip's background (the median colour of its first frame) by more than a threshold.</summary>
public static class ObjectPaths
{
    /// <summary>Centroids in pixels, [clip, frame] → (x, y), or null where no pixel differs (the object is
    /// gone).</summary>
    public static (double X, double Y)?[,] Measure(Tensor clips, double threshold = 0.25)
    {
        using var scope = torch.NewDisposeScope();
        return Centroids(Mask(clips, threshold));
    }

    /// <summary>As <see cref="Measure"/>, from a <see cref="Mask"/> already made.</summary>
    public static (double X, double Y)?[,] Centroids(Tensor mask)
    {
        using var scope = torch.NewDisposeScope();
        long n = mask.shape[0],
            t = mask.shape[1],
            h = mask.shape[2],
            w = mask.shape[3];
        var count = mask.sum(new long[] { 2, 3 });
        var xs = torch.arange(w, dtype: ScalarType.Float32).view(1, 1, 1, w);
        var ys = torch.arange(h, dtype: ScalarType.Float32).view(1, 1, h, 1);
        var cx = (mask * xs).sum(new long[] { 2, 3 }).div(count.clamp_min(1)).data<float>().ToArray();
        var cy = (mask * ys).sum(new long[] { 2, 3 }).div(count.clamp_min(1)).data<float>().ToArray();
        var counts = count.data<float>().ToArray();
        var paths = new (double, double)?[n, t];
        for (int i = 0; i < n; i++)
        for (int f = 0; f < t; f++)
            paths[i, f] = counts[i * t + f] > 0 ? (cx[i * t + f], cy[i * t + f]) : null;
        return paths;
    }

    /// <summary>The object's pixels (N, T, H, W) as 1, the background's as 0: those whose colour differs from the
    /// clip's background (the median colour of its first frame) by more than <paramref name="threshold"/>.</summary>
    public static Tensor Mask(Tensor clips, double threshold = 0.25)
    {
        var x = clips.to_type(ScalarType.Float32);
        var background = Models.ClipTensors.MedianColour(x.select(2, 0)).view(clips.shape[0], 3, 1, 1, 1);
        return (x - background).abs().amax(new long[] { 1 }).gt(threshold).to_type(ScalarType.Float32);
    }

    /// <summary>Whether the object reverses direction along x or y (a bounce) between frames <paramref name="from"/>
    /// and the end, counting only steps of at least <paramref name="minSpeed"/> pixels.</summary>
    public static bool Bounces((double X, double Y)?[,] paths, int clip, int from, double minSpeed = 0.3)
    {
        int frames = paths.GetLength(1);
        double? lastX = null,
            lastY = null;
        for (int f = Math.Max(1, from); f < frames; f++)
        {
            if (paths[clip, f] is not { } b || paths[clip, f - 1] is not { } a)
                continue;
            double vx = b.X - a.X,
                vy = b.Y - a.Y;
            if (Math.Abs(vx) >= minSpeed)
            {
                if (lastX is double px && Math.Sign(px) != Math.Sign(vx))
                    return true;
                lastX = vx;
            }
            if (Math.Abs(vy) >= minSpeed)
            {
                if (lastY is double py && Math.Sign(py) != Math.Sign(vy))
                    return true;
                lastY = vy;
            }
        }
        return false;
    }
}
