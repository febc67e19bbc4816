namespace Vidgan.Trust;

/// <summary>What a generated clip's Vidgan assertion records: enough to trace it to the run and checkpoint that made
/// it and to make it again.</summary>
public sealed record GenerationFacts(
    string Name,
    string? Run,
    string CheckpointSha256,
    long Seed,
    string? Class,
    double? Score,
    string Architecture,
    string Parameters,
    WatermarkPayload? Watermark = null
)
{
    internal Dictionary<string, object?> ToMap() =>
        new()
        {
            ["name"] = Name,
            ["run"] = Run,
            ["checkpoint_sha256"] = CheckpointSha256,
            ["seed"] = Seed,
            ["class"] = Class,
            ["score"] = Score,
            ["architecture"] = Architecture,
            ["parameters"] = Parameters,
            ["watermark"] = Watermark is WatermarkPayload w
                ? new Dictionary<string, object?> { ["library"] = (long)w.Library, ["mark"] = (long)w.Mark }
                : null,
        };

    internal static GenerationFacts? FromMap(Dictionary<string, object?>? m) =>
        m == null
            ? null
            : new(
                m.GetValueOrDefault("name") as string ?? "",
                m.GetValueOrDefault("run") as string,
                m.GetValueOrDefault("checkpoint_sha256") as string ?? "",
                m.GetValueOrDefault("seed") is long seed ? seed : 0,
                m.GetValueOrDefault("class") as string,
                m.GetValueOrDefault("score") as double?,
                m.GetValueOrDefault("architecture") as string ?? "",
                m.GetValueOrDefault("parameters") as string ?? "",
                m.GetValueOrDefault("watermark") is Dictionary<string, object?> w
                && w.GetValueOrDefault("library") is long library
                && w.GetValueOrDefault("mark") is long mark
                    ? new WatermarkPayload((int)library, (int)mark)
                    : null
            );
}
