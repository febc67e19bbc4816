using Vidgan.Media;

namespace Vidgan.Data;

/// <summary>Whether clips show one object moving over a plain background: the footage the layered generator models. The
/// background is the first frame's median colour; a pixel is foreground when a channel differs from it by more than
/// <see cref="ColourTolerance"/>; an object is a connected region of foreground pixels (8-neighbourhood) that is not a
/// speck of compression noise.</summary>
public static class SceneProbe
{
    const int ColourTolerance = 32;

    /// <summary>Above this share of foreground pixels the background is not plain (or the object fills the
    /// frame).</summary>
    const double MaxForegroundShare = 0.4;

    /// <summary>Share of frames that must show exactly one object (it may leave the frame now and then).</summary>
    const double MinSingleObjectFrames = 0.8;

    public static bool ShowsOneObjectOnPlainBackground(Clip clip)
    {
        int h = clip.Height,
            w = clip.Width,
            pixels = h * w;
        var background = MedianColour(clip.Frame(0));
        int minObject = Math.Max(3, pixels / 1000);
        long foreground = 0;
        int single = 0;
        var mask = new bool[pixels];
        for (int t = 0; t < clip.Frames; t++)
        {
            var frame = clip.Frame(t);
            for (int p = 0; p < pixels; p++)
            {
                int d = Math.Max(
                    Math.Abs(frame[3 * p] - background[0]),
                    Math.Max(Math.Abs(frame[3 * p + 1] - background[1]), Math.Abs(frame[3 * p + 2] - background[2]))
                );
                mask[p] = d > ColourTolerance;
                if (mask[p])
                    foreground++;
            }
            int objects = CountRegions(mask, h, w, minObject);
            if (objects > 1)
                return false;
            if (objects == 1)
                single++;
        }
        return foreground <= MaxForegroundShare * pixels * clip.Frames && single >= MinSingleObjectFrames * clip.Frames;
    }

    /// <summary>Share of the clips that show one object on a plain background.</summary>
    public static double ShareOfSingleObjectClips(IReadOnlyList<Clip> clips) =>
        clips.Count == 0 ? 0 : clips.Count(ShowsOneObjectOnPlainBackground) / (double)clips.Count;

    static int[] MedianColour(ReadOnlySpan<byte> frame)
    {
        int pixels = frame.Length / 3;
        var median = new int[3];
        var channel = new byte[pixels];
        for (int c = 0; c < 3; c++)
        {
            for (int p = 0; p < pixels; p++)
                channel[p] = frame[3 * p + c];
            Array.Sort(channel);
            median[c] = channel[pixels / 2];
        }
        return median;
    }

    /// <summary>Connected regions of at least <paramref name="minSize"/> pixels; clears the mask as it goes.</summary>
    static int CountRegions(bool[] mask, int h, int w, int minSize)
    {
        int regions = 0;
        var stack = new Stack<int>();
        for (int start = 0; start < mask.Length; start++)
        {
            if (!mask[start])
                continue;
            int size = 0;
            mask[start] = false;
            stack.Push(start);
            while (stack.Count > 0)
            {
                int p = stack.Pop(),
                    y = p / w,
                    x = p % w;
                size++;
                for (int dy = -1; dy <= 1; dy++)
                for (int dx = -1; dx <= 1; dx++)
                {
                    int ny = y + dy,
                        nx = x + dx;
                    if (ny < 0 || ny >= h || nx < 0 || nx >= w || !mask[ny * w + nx])
                        continue;
                    mask[ny * w + nx] = false;
                    stack.Push(ny * w + nx);
                }
            }
            if (size >= minSize)
                regions++;
        }
        return regions;
    }
}
