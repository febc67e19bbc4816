using System.Globalization;

namespace Vidgan.Media;

/// <summary>How a source frame is made square: cut the edges off, or pad with black bars.</summary>
public enum FrameFit
{
    Crop,
    Letterbox,
}

/// <summary>Target geometry and rate for decoding. A null Fps keeps the source rate.</summary>
public sealed record DecodeOptions(int Size, double? Fps = null, FrameFit Fit = FrameFit.Crop, int? MaxFrames = null)
{
    public string FilterGraph()
    {
        var filters = new List<string>();
        if (Fps is double fps)
            filters.Add("fps=" + fps.ToString("0.###", CultureInfo.InvariantCulture));
        filters.Add(
            Fit == FrameFit.Crop
                ? $"scale={Size}:{Size}:force_original_aspect_ratio=increase:flags=area,crop={Size}:{Size}"
                : $"scale={Size}:{Size}:force_original_aspect_ratio=decrease:flags=area,"
                    + $"pad={Size}:{Size}:(ow-iw)/2:(oh-ih)/2:color=black"
        );
        filters.Add("setsar=1");
        return string.Join(",", filters);
    }

    /// <summary>A stable description for cache keys: change any setting and the cache misses.</summary>
    public string CacheKey() =>
        FormattableString.Invariant($"s{Size}-f{Fps?.ToString("0.###", CultureInfo.InvariantCulture) ?? "src"}-{Fit}")
        + FormattableString.Invariant($"-m{MaxFrames?.ToString() ?? "all"}-v1");
}
