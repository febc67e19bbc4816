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

/// <summary>A curator's verdict on an asset (stored as "kept" / "rejected"); none until someone decides.</summary>
public enum Review
{
    Kept,
    Rejected,
}

/// <summary>How asset lists are ordered: by id, name, score (best first) or creation time (newest first).</summary>
public enum AssetSort
{
    Id,
    Name,
    Score,
    Created,
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

    /// <summary>The training clip (a window of a real video) nearest to this generated clip.</summary>
    public long? NearestClipId { get; init; }
    public bool NearCopy { get; init; }

    /// <summary>For a generated file: the SHA-256 of its frames as sampled (before watermark, encoding and
    /// Content Credentials) with their format, so the same clip made again is stored once.</summary>
    public string? ContentSha256 { get; init; }

    /// <summary>For a generated clip: the mark its invisible watermark carries, unique in the library.</summary>
    public int? Watermark { get; init; }

    /// <summary>For a generated GIF, WebM or PNG: the stored <c>.c2pa</c> sidecar holding its Content
    /// Credentials.</summary>
    public string? CredentialsSha256 { get; init; }
    public Review? Review { get; init; }
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

/// <summary>Which assets to list: every filter given must hold. <see cref="After"/> continues a list from a
/// cursor that an earlier page returned.</summary>
public sealed record AssetFilter(
    AssetSource? Source = null,
    string? Class = null,
    double? MinScore = null,
    Split? Split = null,
    string? Tag = null,
    AssetSort OrderBy = AssetSort.Id,
    int? Limit = null
)
{
    public long? RunId { get; init; }

    /// <summary>Text that the name or a tag contains (case-insensitive).</summary>
    public string? Text { get; init; }
    public Review? Review { get; init; }
    public long? CollectionId { get; init; }
    public IReadOnlyList<long>? Ids { get; init; }
    public AssetCursor? After { get; init; }
}

/// <summary>One page of a list and the cursor of the next page (null on the last).</summary>
public sealed record AssetPage(IReadOnlyList<Asset> Items, string? NextCursor)
{
    public const int DefaultSize = 60;
    public const int MaxSize = 500;

    public static int CheckSize(int size) =>
        size is >= 1 and <= MaxSize
            ? size
            : throw new VidganException($"setting 'limit' must be between 1 and {MaxSize}", 2);
}

public sealed record StatsRow(AssetSource Source, string? Class, Split? Split, long Count, double? MeanScore);
