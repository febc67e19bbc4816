using Vidgan.Media;
using Vidgan.Runs;

namespace Vidgan.Generation;

public sealed record GenerateOptions
{
    public required string RunDir { get; init; }
    public string? CheckpointFile { get; init; }
    public int Count { get; init; } = 8;
    public string? Class { get; init; }
    public long Seed { get; init; } = 1;
    public VideoFormat Format { get; init; } = VideoFormat.Mp4;
    public string? OutDir { get; init; }
    public CurationRules Curation { get; init; } = new();

    /// <summary>Mean absolute pixel difference (0..1) under which a clip counts as a copy of a training clip.</summary>
    public double NearCopyThreshold { get; init; } = 0.02;
    public bool AddToLibrary { get; init; } = true;

    /// <summary>Sample from the EMA generator (smoother, the default) or the raw trained weights.</summary>
    public bool UseEma { get; init; } = true;
    public double? Truncation { get; init; }

    /// <summary>For --format png: the middle frame (keyframe), or every frame side by side (strip).</summary>
    public bool PngStrip { get; init; }

    /// <summary>When set, the clips walk from <see cref="Seed"/> to the other seed instead of using seed + i.</summary>
    public InterpolationOptions? Interpolate { get; init; }

    /// <summary>For image → video models: the still to animate.</summary>
    public string? FromImage { get; init; }

    /// <summary>For video → video models: the clip whose first frames are continued.</summary>
    public string? FromVideo { get; init; }

    /// <summary>The number type the networks sample and score in. float32 (the default) gives the same clip for a
    /// seed on every machine; bf16 is faster on CPUs with bf16 units and differs from it by rounding; auto measures
    /// which is faster here.</summary>
    public PrecisionMode Precision { get; init; } = PrecisionMode.Fp32;

    /// <summary>Clips judged and written at once: bounds the memory a call takes (a clip of 64×64×16 is 0.2 MB as
    /// bytes) at any count; smaller chunks start FFmpeg more often.</summary>
    public int ChunkClips { get; init; } = 256;
}
