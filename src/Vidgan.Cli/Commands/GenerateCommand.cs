using System.CommandLine;
using Vidgan.Cli.Output;
using Vidgan.Generation;
using Vidgan.Library;
using Vidgan.Media;
using Vidgan.Runs;
using Vidgan.Util;

namespace Vidgan.Cli.Commands;

public static class GenerateCommand
{
    public sealed record Settings(
        string? Library,
        string RunDir,
        string? Checkpoint,
        int Count,
        string? Class,
        long Seed,
        string Format,
        string? OutDir,
        double? MinScore,
        string Device,
        bool NoLibrary,
        string Weights = "ema",
        int? TopK = null,
        int? MaxPerClass = null,
        bool RejectNearCopies = false,
        double? Truncation = null,
        bool Interpolate = false,
        int Steps = 8,
        long? SeedTo = null,
        string InterpolatePart = "all",
        string Still = "keyframe",
        string? FromImage = null,
        string? FromVideo = null,
        string Precision = "fp32"
    );

    public static Command Create()
    {
        var library = CommonOptions.Library();
        var run = new Option<string>("--run") { Description = "Run folder to sample from", Required = true };
        var checkpoint = new Option<string?>("--checkpoint")
        {
            Description = "Checkpoint file (default: the run's latest)",
        };
        var count = new Option<int>("--count") { Description = "Number of clips", DefaultValueFactory = _ => 8 };
        var cls = new Option<string?>("--class") { Description = "Class to generate (default: every class in turn)" };
        var seed = new Option<long>("--seed")
        {
            Description = "Seed of the first clip; clip i uses seed + i",
            DefaultValueFactory = _ => 1,
        };
        var format = new Option<string>("--format")
        {
            Description = "mp4, gif, webm or png (a still of the middle frame)",
            DefaultValueFactory = _ => "mp4",
        };
        format.AcceptOnlyFromAmong("mp4", "gif", "webm", "png");
        var outDir = new Option<string?>("--out") { Description = "Folder for the files (default: RUN/generated)" };
        var minScore = new Option<double?>("--min-score")
        {
            Description = "Keep only clips the discriminators score at least this high (0-1)",
        };
        var device = CommonOptions.Device();
        var noLibrary = new Option<bool>("--no-library")
        {
            Description = "Only write files; do not add them to the library",
        };
        var topK = new Option<int?>("--top-k")
        {
            Description = "Keep only the K best-scoring clips of the --count generated",
        };
        var maxPerClass = new Option<int?>("--max-per-class")
        {
            Description = "Keep at most this many clips per class",
        };
        var rejectNearCopies = new Option<bool>("--reject-near-copies")
        {
            Description = "Drop clips that nearly copy a training clip",
        };
        var truncation = new Option<double?>("--truncation")
        {
            Description = "Redraw noise values beyond ±T (e.g. 1.0): less variety, more typical clips",
        };
        var interpolate = new Option<bool>("--interpolate")
        {
            Description = "Walk from --seed to --seed-to in --steps clips (one class), with an overview grid",
        };
        var steps = new Option<int>("--steps")
        {
            Description = "Clips along the interpolation",
            DefaultValueFactory = _ => 8,
        };
        var seedTo = new Option<long?>("--seed-to") { Description = "Seed the interpolation ends at" };
        var part = new Option<string>("--interpolate-part")
        {
            Description = "all, or for mocogan and layered content (motion fixed) or motion (content fixed)",
            DefaultValueFactory = _ => "all",
        };
        part.AcceptOnlyFromAmong("all", "content", "motion");
        var still = new Option<string>("--still")
        {
            Description = "With --format png: keyframe (the middle frame) or strip (all frames in a row)",
            DefaultValueFactory = _ => "keyframe",
        };
        still.AcceptOnlyFromAmong("keyframe", "strip");
        var weights = new Option<string>("--weights")
        {
            Description = "ema (the averaged generator, default) or raw (the last trained weights)",
            DefaultValueFactory = _ => "ema",
        };
        weights.AcceptOnlyFromAmong("ema", "raw");
        var fromImage = new Option<string?>("--from-image")
        {
            Description = "Image → video models: animate this picture (PNG/JPEG of the model's size)",
        };
        var fromVideo = new Option<string?>("--from-video")
        {
            Description = "Video → video models: continue this clip from its first K frames",
        };
        var precision = CommonOptions.Choice<PrecisionMode>(
            "--precision",
            "fp32 (default: the same clip for a seed on every machine); bf16 (faster on CPUs with bf16 units, "
                + "differs by rounding); or auto (measures which is faster here)"
        );
        precision.DefaultValueFactory = _ => "fp32";
        var command = new Command(
            "generate",
            "Generate new clips from a trained run, score them and add them to the library"
        )
        {
            library,
            run,
            checkpoint,
            count,
            cls,
            seed,
            format,
            outDir,
            minScore,
            device,
            noLibrary,
            weights,
            topK,
            maxPerClass,
            rejectNearCopies,
            truncation,
            interpolate,
            steps,
            seedTo,
            part,
            still,
            fromImage,
            fromVideo,
            precision,
        };
        command.SetAction(r =>
            Execute(
                new Settings(
                    r.GetValue(library),
                    r.GetValue(run)!,
                    r.GetValue(checkpoint),
                    r.GetValue(count),
                    r.GetValue(cls),
                    r.GetValue(seed),
                    r.GetValue(format)!,
                    r.GetValue(outDir),
                    r.GetValue(minScore),
                    r.GetValue(device)!,
                    r.GetValue(noLibrary),
                    r.GetValue(weights)!,
                    r.GetValue(topK),
                    r.GetValue(maxPerClass),
                    r.GetValue(rejectNearCopies),
                    r.GetValue(truncation),
                    r.GetValue(interpolate),
                    r.GetValue(steps),
                    r.GetValue(seedTo),
                    r.GetValue(part)!,
                    r.GetValue(still)!,
                    r.GetValue(fromImage),
                    r.GetValue(fromVideo),
                    r.GetValue(precision)!
                )
            )
        );
        return command;
    }

    public static int Execute(Settings s)
    {
        var device = CommonOptions.ParseDevice(s.Device);
        if (s.Interpolate && s.SeedTo == null)
            throw new VidganException("--interpolate needs --seed-to", 2);
        if (!s.Interpolate && (s.SeedTo != null || s.InterpolatePart != "all"))
            throw new VidganException("--seed-to and --interpolate-part need --interpolate", 2);
        // --no-library only keeps the clips out of the catalog; an existing library is still read (training clips for
        // near-copy checks, held-out clips for conditional models to continue).
        bool exists = File.Exists(Path.Combine(VidganLibrary.ResolvePath(s.Library), "catalog.db"));
        using var lib = s.NoLibrary && !exists ? null : VidganLibrary.Open(s.Library, create: false);
        var report = new GenerationService(lib, device).Run(
            new GenerateOptions
            {
                RunDir = s.RunDir,
                CheckpointFile = s.Checkpoint,
                Count = s.Count,
                Class = s.Class,
                Seed = s.Seed,
                Format = VideoFormats.Parse(s.Format),
                OutDir = s.OutDir,
                Curation = new CurationRules(s.MinScore, s.TopK, s.MaxPerClass, s.RejectNearCopies),
                AddToLibrary = !s.NoLibrary,
                UseEma = s.Weights == "ema",
                Truncation = s.Truncation,
                PngStrip = s.Still == "strip",
                Interpolate = s.Interpolate
                    ? new InterpolationOptions(s.SeedTo!.Value, s.Steps, Interpolation.ParsePart(s.InterpolatePart))
                    : null,
                FromImage = s.FromImage,
                FromVideo = s.FromVideo,
                Precision = SettingNames.Parse<PrecisionMode>(s.Precision, "precision"),
            }
        );
        GenerationOutput.Print(report, lib != null && !s.NoLibrary ? lib.Root : null);
        return 0;
    }
}
