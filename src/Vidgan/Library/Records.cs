namespace Vidgan.Library;

/// <summary>Where an asset came from: a real source video or a generated clip (stored as "real" /
/// "generated").</summary>
public enum AssetSource
{
    Real,
    Generated,
}

/// <summary>Which side of the train/test split a source video and its clips are on (stored as "train" /
/// "test").</summary>
public enum Split
{
    Train,
    Test,
}

/// <summary>One file in the library: a real source video or a generated clip, with its provenance.</summary>
public sealed record Asset
{
    public long Id { get; init; }
    public string Sha256 { get; init; } = "";
    public AssetSource Source { get; init; } = AssetSource.Real;
    public string Name { get; init; } = "";
    public string Format { get; init; } = "";
    public string? Class { get; init; }
    public Split? Split { get; init; }
    public string? OriginalPath { get; init; }
    public int Width { get; init; }
    public int Height { get; init; }
    public long Frames { get; init; }
    public double Fps { get; init; }
    public double Duration { get; init; }
    public string? Codec { get; init; }
    public long Bytes { get; init; }
    public double? Score { get; init; }
    public long? Seed { get; init; }
    public long? RunId { get; init; }
    public string? Model { get; init; }
    public string? CheckpointSha256 { get; init; }
    public string? Parameters { get; init; }
    public double? NearestTrainDistance { get; init; }
    public bool NearCopy { get; init; }
    public string CreatedAt { get; init; } = "";
    public IReadOnlyList<string> Tags { get; init; } = Array.Empty<string>();
}

/// <summary>Preprocessing settings shared by a set of training clips.</summary>
public sealed record ClipSet(
    long Id,
    string Key,
    int Size,
    int Frames,
    double Fps,
    string Fit,
    int Stride,
    double TestFraction,
    string CreatedAt
);

/// <summary>A training/test window into a source video's cached frames.</summary>
public sealed record ClipRecord(
    long Id,
    long SetId,
    long AssetId,
    int StartFrame,
    Split Split,
    string? Class,
    string CacheKey
);

public sealed record AssetFilter(
    AssetSource? Source = null,
    string? Class = null,
    double? MinScore = null,
    Split? Split = null,
    string? Tag = null,
    string OrderBy = "id",
    int? Limit = null
);

public sealed record StatsRow(AssetSource Source, string? Class, Split? Split, long Count, double? MeanScore);
