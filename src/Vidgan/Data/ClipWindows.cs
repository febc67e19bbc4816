namespace Vidgan.Data;

/// <summary>Start frames of the training clips cut from a video of <c>totalFrames</c> frames.</summary>
public static class ClipWindows
{
    public static IReadOnlyList<int> Starts(int totalFrames, int clipFrames, int stride)
    {
        if (clipFrames <= 0 || stride <= 0)
            throw new ArgumentException("clip length and stride must be positive");
        var starts = new List<int>();
        for (int s = 0; s + clipFrames <= totalFrames; s += stride)
            starts.Add(s);
        return starts;
    }
}
