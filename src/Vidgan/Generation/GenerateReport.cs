using Vidgan.Runs;
using Vidgan.Trust;

namespace Vidgan.Generation;

public sealed record GeneratedClip(
    string Name,
    string? Path,
    string? Class,
    long Seed,
    double Score,
    double? NearestTrainDistance,
    bool NearCopy,
    bool Kept,
    string? RejectReason,
    long? AssetId,
    long? DuplicateOf = null,
    long? NearestClipId = null,
    WatermarkPayload? Watermark = null,
    string? ContentSha256 = null
);

/// <param name="StageSeconds">Wall-clock seconds of each stage: sampling, converting (the clips to bytes), scoring,
/// nearest (training clip), watermarking, encoding, signing, recording (in the library).</param>
/// <param name="Precision">The number type the clips were sampled and scored in.</param>
/// <param name="PrecisionChoice">Why: what was asked for and, unless float32 was, what the probe measured.</param>
public sealed record GenerateReport(
    string Checkpoint,
    long Step,
    IReadOnlyList<GeneratedClip> Clips,
    string OutDir,
    IReadOnlyList<string> Overviews,
    IReadOnlyDictionary<string, double> StageSeconds,
    Precision Precision = Precision.Fp32,
    PrecisionChoice? PrecisionChoice = null
);
