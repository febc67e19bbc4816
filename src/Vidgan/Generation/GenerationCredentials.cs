using Vidgan.Media;
using Vidgan.Runs;
using Vidgan.Trust;
using Vidgan.Util;

namespace Vidgan.Generation;

/// <summary>The signed Content Credentials of what a generate call writes, and the generation parameters they
/// and the catalog record.</summary>
static class GenerationCredentials
{
    /// <summary>Content Credentials for every file written: the library's key signs what it made.</summary>
    public static void SignAll(
        SigningIdentity identity,
        List<GeneratedClip> results,
        List<string> overviews,
        Checkpoint.Header header,
        string checkpointSha,
        RunDirectory run,
        GenerateOptions o
    )
    {
        var config = header.Config.Model;
        string parameters = Parameters(header, o);
        string runName = Path.GetFileName(run.Root);
        var files = results
            .Where(r => r.Path != null)
            .Select(r =>
                (
                    r.Path!,
                    new GenerationFacts(
                        r.Name,
                        runName,
                        checkpointSha,
                        r.Seed,
                        r.Class,
                        r.Score,
                        config.Architecture,
                        parameters,
                        r.Watermark
                    )
                )
            )
            .Concat(
                overviews.Select(p =>
                    (
                        p,
                        new GenerationFacts(
                            Path.GetFileName(p),
                            runName,
                            checkpointSha,
                            o.Seed,
                            null,
                            null,
                            config.Architecture,
                            parameters
                        )
                    )
                )
            )
            .ToList();
        Parallel.ForEach(
            files,
            new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
            f => ContentCredentials.Sign(f.Item1, f.Item2, identity)
        );
    }

    public static string Parameters(Checkpoint.Header header, GenerateOptions o)
    {
        var config = header.Config.Model;
        return Json.Compact(
            new
            {
                format = o.Format.ToString().ToLowerInvariant(),
                step = header.Step,
                size = config.Size,
                frames = config.Frames,
                weights = o.UseEma ? "ema" : "raw",
                truncation = o.Truncation,
                still = o.Format == VideoFormat.Png ? (o.PngStrip ? "strip" : "keyframe") : null,
                interpolate_to = o.Interpolate?.SeedTo,
                interpolate_steps = o.Interpolate?.Steps,
                interpolate_part = o.Interpolate?.Part.ToString().ToLowerInvariant(),
                condition = config.ContextFrames > 0 ? SettingNames.Name(config.Condition) : null,
                from_image = o.FromImage != null ? Path.GetFullPath(o.FromImage) : null,
                from_video = o.FromVideo != null ? Path.GetFullPath(o.FromVideo) : null,
                precision = o.Precision == PrecisionMode.Bf16 ? "bf16" : null,
            }
        );
    }
}
