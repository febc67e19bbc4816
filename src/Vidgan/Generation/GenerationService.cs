using System.Text.RegularExpressions;
using Vidgan.Data;
using Vidgan.Library;
using Vidgan.Media;
using Vidgan.Models;
using Vidgan.Runs;
using Vidgan.Trust;
using Vidgan.Util;
using static TorchSharp.torch;

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

    /// <summary>Clips sampled, judged and written at once: bounds the memory a call takes (a clip of 64×64×16 is
    /// 0.8 MB as floats) at any count; smaller chunks start FFmpeg more often.</summary>
    public int ChunkClips { get; init; } = 256;
}

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

/// <param name="StageSeconds">Wall-clock seconds of each stage: sampling, scoring, nearest (training clip),
/// watermarking, encoding, signing, recording (in the library).</param>
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

/// <summary>Samples clips from a checkpoint, scores each with the discriminators, measures its distance to the
/// nearest training clip, writes the kept ones and records them in the library with their provenance.</summary>
public sealed class GenerationService(VidganLibrary? library, Device device)
{
    public GenerateReport Run(GenerateOptions o)
    {
        if (o.Count < 1 || o.Count > 10_000)
            throw new VidganException("setting 'count' must be between 1 and 10000", 2);
        if (o.ChunkClips < 1)
            throw new VidganException("a generation chunk must hold at least 1 clip", 2);
        o.Curation.Validate();
        var run = new RunDirectory(o.RunDir);
        using var trained = TrainedModel.Open(run, o.CheckpointFile, device, library?.Catalog, library?.Cipher);
        var (checkpoint, header, models) = (trained.CheckpointPath, trained.Header, trained.Models);
        var config = header.Config.Model;
        var (precision, precisionChoice) = PrecisionProbe.Choose(o.Precision, device);
        if (precision == Precision.Bf16)
            models.CastForInference(ScalarType.BFloat16);
        // The provenance records what was used, auto resolved.
        o = o with
        {
            Precision = precision == Precision.Bf16 ? PrecisionMode.Bf16 : PrecisionMode.Fp32,
        };

        int count = o.Interpolate?.Steps ?? o.Count;
        var generator = o.UseEma ? models.GeneratorEma : models.Generator;
        int[] classes = Enumerable
            .Range(0, count)
            .Select(i =>
                o.Class != null ? config.ClassIndex(o.Class)
                : config.Conditional && o.Interpolate == null ? i % config.NumClasses
                : 0
            )
            .ToArray();
        long[] seeds = Enumerable.Range(0, count).Select(i => o.Interpolate != null ? o.Seed : o.Seed + i).ToArray();
        double fps =
            header.Config.ClipSetKey.Length > 0 && library != null
                ? library.Catalog.FindClipSet(header.Config.ClipSetKey)?.Fps ?? 8
                : 8;
        using var context = Context(o, header.Config, count, fps, ref classes);
        var stages = StageNames.ToDictionary(s => s, _ => 0.0);
        var stage = System.Diagnostics.Stopwatch.StartNew();
        void Lap(string name)
        {
            stages[name] += stage.Elapsed.TotalSeconds;
            stage.Restart();
        }
        int[]? labels = config.Conditional ? config.Labels(classes, seeds) : null;
        using var walk = o.Interpolate is InterpolationOptions walkOptions
            ? Interpolation.Path(config, o.Seed, walkOptions, o.Truncation)
            : null;
        using var nearestSearch = library != null ? TrainingClipSearch(header.Config) : null;
        Lap("nearest");

        string outDir = Path.GetFullPath(o.OutDir ?? Path.Combine(run.Root, "generated"));
        string checkpointSha = trained.CheckpointSha256;
        long? runId = library?.Catalog.FindRun(run.Root);
        var names = new NameAllocator(outDir, o.AddToLibrary ? library : null, o.Format);
        var results = new List<GeneratedClip>();
        var overviews = new List<string>();
        string? ClassOf(int i) => config.Conditional ? config.Classes[classes[i]] : null;
        bool IsNearCopy(Judged j) => j.Nearest is double d && d < o.NearCopyThreshold;
        using var identity = SigningIdentity.ForLibrary(library?.TrustFolder, library?.Root, library?.Cipher);
        var usedMarks = new HashSet<int>();
        // One comment for every clip of a call lets them share one H.264 stream; each clip's seed and class are in
        // its signed Content Credentials and its library record.
        string comment = $"synthetic: generated by Vidgan ({config.Architecture}, checkpoint {checkpointSha[..12]})";

        Tensor SampleChunk(int start, int n)
        {
            using var given = context?.narrow(0, start, n);
            return walk is null
                ? ClipSampler.Sample(
                    generator,
                    config,
                    device,
                    seeds[start..(start + n)],
                    classes[start..(start + n)],
                    o.Truncation,
                    given
                )
                : ClipSampler.SampleNoise(
                    generator,
                    config,
                    device,
                    walk.narrow(0, start, n),
                    labels?[start..(start + n)],
                    given
                );
        }

        void Write(IReadOnlyList<Judged> batch)
        {
            var rejections = Generation.Curation.Rejections(
                batch.Select(j => new Candidate(j.Index, ClassOf(j.Index), j.Score, IsNearCopy(j))).ToArray(),
                o.Curation
            );
            var jobs = new List<VideoEncoder.Job>();
            var marked = new List<(int Job, WatermarkPayload Mark)>();
            int first = results.Count;
            foreach (var j in batch)
            {
                int i = j.Index;
                string? cls = ClassOf(i);
                string? reject = rejections.GetValueOrDefault(i);
                string name = reject == null ? names.Next(cls ?? "clip") : $"(seed {seeds[i]})";
                string? path = reject == null ? Path.Combine(outDir, name) : null;
                WatermarkPayload? mark = null;
                string? contentSha = null;
                if (path != null)
                {
                    var clip =
                        o.Format != VideoFormat.Png ? j.Frames
                        : o.PngStrip ? ClipGrid.Strips(new[] { j.Frames }, 1)
                        : j.Frames.Slice(j.Frames.Frames / 2, 1);
                    contentSha = ContentHash(clip, o.Format);
                    if (Watermark.CanCarry(clip.Frames, clip.Height, clip.Width))
                    {
                        mark = new WatermarkPayload(identity.WatermarkLibrary, NewMark(usedMarks));
                        marked.Add((jobs.Count, mark.Value));
                    }
                    jobs.Add(new VideoEncoder.Job(clip, path, o.Format, comment, Synthetic: true, Fast: true));
                }
                results.Add(
                    new GeneratedClip(
                        name,
                        path,
                        cls,
                        seeds[i],
                        j.Score,
                        j.Nearest,
                        IsNearCopy(j),
                        reject == null,
                        reject,
                        null,
                        NearestClipId: j.NearestClipId,
                        Watermark: mark,
                        ContentSha256: contentSha
                    )
                );
            }
            Parallel.ForEach(
                marked,
                m => jobs[m.Job] = jobs[m.Job] with { Clip = Watermark.Embed(jobs[m.Job].Clip, m.Mark) }
            );
            if (o.Interpolate is InterpolationOptions walkTo)
                overviews.AddRange(Overviews(jobs, batch.Select(j => j.Frames).ToArray(), outDir, config, o, walkTo));
            Lap("watermarking");
            Folders.Create(outDir);
            VideoEncoder.EncodeMany(jobs);
            Lap("encoding");
            SignAll(identity, results.Skip(first).ToList(), overviews, header, checkpointSha, run, o);
            Lap("signing");
            if (library != null && o.AddToLibrary)
            {
                var kept = Enumerable.Range(first, results.Count - first).Where(i => results[i].Kept).ToArray();
                var stored = StoreFiles(library, kept.Select(i => results[i]).ToArray());
                for (int k = 0; k < kept.Length; k++)
                {
                    var r = results[kept[k]];
                    var (id, duplicate) = Record(library, r, stored[k], header, checkpointSha, runId, fps, o);
                    results[kept[k]] = r with { AssetId = id, DuplicateOf = duplicate ? id : null };
                }
            }
            Lap("recording");
        }

        // Rules that judge each clip alone let clips be written a chunk at a time, so memory stays flat however many
        // are asked for; top-k, per-class limits and an interpolation's overview need every clip judged first.
        bool streamed = o.Curation.TopK == null && o.Curation.MaxPerClass == null && o.Interpolate == null;
        var judged = new List<Judged>();
        for (int start = 0; start < count; start += o.ChunkClips)
        {
            int n = Math.Min(o.ChunkClips, count - start);
            using (var clips = SampleChunk(start, n))
            {
                var frames = ClipTensors.ToClips(clips, fps);
                Lap("sampling");
                double[] scores = Scoring.DiscriminatorScores(models, clips, labels?[start..(start + n)]);
                Lap("scoring");
                var nearest = nearestSearch?.Search.Find(frames);
                Lap("nearest");
                for (int k = 0; k < n; k++)
                    judged.Add(
                        new Judged(
                            start + k,
                            frames[k],
                            scores[k],
                            nearest?[k].Distance,
                            nearest is null ? null : nearestSearch!.ClipIds[(int)nearest[k].Index]
                        )
                    );
            }
            if (streamed || start + n == count)
            {
                Write(judged);
                judged.Clear();
            }
        }
        return new GenerateReport(
            checkpoint,
            header.Step,
            results,
            outDir,
            overviews,
            stages,
            precision,
            precisionChoice
        );
    }

    /// <summary>The stages <see cref="GenerateReport.StageSeconds"/> times, in order.</summary>
    static readonly string[] StageNames =
    [
        "sampling",
        "scoring",
        "nearest",
        "watermarking",
        "encoding",
        "signing",
        "recording",
    ];

    /// <summary>A generated clip judged and not yet written: its frames, discriminator score and nearest training
    /// clip.</summary>
    sealed record Judged(int Index, Clip Frames, double Score, double? Nearest, long? NearestClipId);

    /// <summary>An interpolation's overview, a tiled MP4 and a PNG of strips, added to the jobs; their paths.</summary>
    static string[] Overviews(
        List<VideoEncoder.Job> jobs,
        Clip[] frames,
        string outDir,
        ModelConfig config,
        GenerateOptions o,
        InterpolationOptions walkTo
    )
    {
        string stem = Path.Combine(
            outDir,
            $"interpolation_{o.Seed}_to_{walkTo.SeedTo}_{walkTo.Part.ToString().ToLowerInvariant()}"
        );
        int upscale = Math.Max(1, 96 / config.Size);
        jobs.Add(
            new VideoEncoder.Job(
                ClipGrid.Tile(frames, columns: Math.Min(frames.Length, 8), upscale),
                stem + ".mp4",
                VideoFormat.Mp4,
                Synthetic: true
            )
        );
        jobs.Add(
            new VideoEncoder.Job(
                ClipGrid.Strips(frames, Math.Max(1, config.Frames / 8), upscale),
                stem + ".png",
                VideoFormat.Png,
                Synthetic: true
            )
        );
        return new[] { stem + ".mp4", stem + ".png" };
    }

    /// <summary>The frames a conditional model starts from: the given image or video, else held-out clips of the
    /// library (whose classes then become the requested ones unless --class was given). Null for noise-only
    /// models.</summary>
    Tensor? Context(GenerateOptions o, TrainConfig run, int count, double fps, ref int[] classes)
    {
        var config = run.Model;
        if (o.FromImage != null && o.FromVideo != null)
            throw new VidganException("give setting 'from_image' or setting 'from_video', not both", 2);
        Tensor? single =
            o.FromImage != null ? GivenFrames.FromImage(o.FromImage, config)
            : o.FromVideo != null ? GivenFrames.FromVideo(o.FromVideo, config, fps)
            : null;
        if (single is not null)
        {
            if (o.Class == null && config.Conditional)
                Array.Fill(classes, ClassOfGivenFile((o.FromImage ?? o.FromVideo)!, config));
            return single.expand(count, -1, -1, -1, -1).contiguous();
        }
        if (config.ContextFrames == 0)
            return null;
        if (library == null)
            throw new VidganException(
                $"this model continues given frames: pass setting 'from_{SettingNames.Name(config.Condition)}' "
                    + "FILE, or a "
                    + "library to take test clips from",
                2
            );
        var (context, clips, fromLibrary) = GivenFrames.FromLibrary(library, run, count, o.Seed, o.Class);
        clips.Dispose();
        if (o.Class == null && config.Conditional)
            classes = fromLibrary;
        return context;
    }

    /// <summary>The class of a given picture or video for a class-conditional model without --class: named by the file,
    /// as ingest names it (its prefix, <c>square_3.mp4</c> → square, or its folder).</summary>
    static int ClassOfGivenFile(string path, ModelConfig config)
    {
        string full = Path.GetFullPath(path);
        string? folder = Path.GetFileName(Path.GetDirectoryName(full));
        foreach (string? name in new[] { Labels.For(full, "/", LabelSource.Prefix), folder })
            if (name != null && config.Classes.Contains(name))
                return config.ClassIndex(name);
        throw new VidganException(
            $"{path}: this model is class-conditional and neither the file's prefix nor its folder names one of "
                + $"its classes ({string.Join(", ", config.Classes)}): pass setting 'class'",
            2
        );
    }

    /// <summary>Content Credentials for every file written: the library's key signs what it made.</summary>
    static void SignAll(
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

    /// <summary>What makes a generated clip the same clip as another: its frames as sampled (before the watermark,
    /// which differs every time) and the format they are written in.</summary>
    static string ContentHash(Clip clip, VideoFormat format)
    {
        using var sha = System.Security.Cryptography.IncrementalHash.CreateHash(
            System.Security.Cryptography.HashAlgorithmName.SHA256
        );
        sha.AppendData(System.Text.Encoding.ASCII.GetBytes($"{format}:{clip.Width}x{clip.Height}x{clip.Frames}:"));
        sha.AppendData(clip.Rgb);
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    /// <summary>A watermark mark no asset of the library and no other clip of this call carries.</summary>
    int NewMark(HashSet<int> used)
    {
        while (true)
        {
            int mark = System.Security.Cryptography.RandomNumberGenerator.GetInt32(1 << WatermarkPayload.MarkBits);
            if (used.Add(mark) && library?.Catalog.FindByWatermark(mark) == null)
                return mark;
        }
    }

    static string Parameters(Checkpoint.Header header, GenerateOptions o)
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

    /// <summary>A clip's file and its Content Credentials sidecar as stored in the library's blobs.</summary>
    sealed record StoredFiles(string Sha256, string? CredentialsSha256);

    /// <summary>Stores the files of the clips the catalog does not hold yet (null for the others), several at a time:
    /// each blob is flushed to disk before it counts as stored, and those waits overlap.</summary>
    static StoredFiles?[] StoreFiles(VidganLibrary lib, GeneratedClip[] clips)
    {
        var seen = new HashSet<string>();
        var fresh = clips
            .Select(c =>
                lib.Catalog.FindByContent(c.ContentSha256!, AssetSource.Generated) == null && seen.Add(c.ContentSha256!)
            )
            .ToArray();
        var stored = new StoredFiles?[clips.Length];
        Parallel.For(
            0,
            clips.Length,
            new ParallelOptions { MaxDegreeOfParallelism = 4 },
            k =>
            {
                if (!fresh[k])
                    return;
                string sidecar = ContentCredentials.SidecarPath(clips[k].Path!);
                stored[k] = new StoredFiles(
                    lib.Blobs.Put(clips[k].Path!),
                    File.Exists(sidecar) ? lib.Blobs.Put(sidecar) : null
                );
            }
        );
        return stored;
    }

    /// <summary>Adds the clip to the catalog; a clip whose bytes are already there is not added twice.</summary>
    static (long Id, bool Duplicate) Record(
        VidganLibrary lib,
        GeneratedClip clip,
        StoredFiles? stored,
        Checkpoint.Header header,
        string checkpointSha,
        long? runId,
        double fps,
        GenerateOptions o
    )
    {
        var config = header.Config.Model;
        string contentSha = clip.ContentSha256!;
        // A clip with the same frames as an earlier one of this call is found here, recorded just before.
        if (lib.Catalog.FindByContent(contentSha, AssetSource.Generated) is Asset same)
            return (same.Id, true);
        var (sha, credentials) = stored!;
        if (lib.Catalog.FindAsset(sha, AssetSource.Generated) is Asset existing)
            return (existing.Id, true);
        string parameters = Parameters(header, o);
        using var tx = lib.Catalog.BeginTransaction();
        long id = lib.Catalog.AddAsset(
            new Asset
            {
                Sha256 = sha,
                Source = AssetSource.Generated,
                Name = clip.Name,
                Format = o.Format.ToString().ToLowerInvariant(),
                Class = clip.Class,
                Width = config.Size,
                Height = config.Size,
                Frames = o.Format == VideoFormat.Png ? 1 : config.Frames,
                Fps = fps,
                Duration = config.Frames / fps,
                Bytes = new FileInfo(clip.Path!).Length,
                Score = clip.Score,
                Seed = clip.Seed,
                RunId = runId,
                Model = config.Architecture,
                CheckpointSha256 = checkpointSha,
                Parameters = parameters,
                NearestTrainDistance = clip.NearestTrainDistance,
                NearestClipId = clip.NearestClipId,
                NearCopy = clip.NearCopy,
                OriginalPath = clip.Path,
                ContentSha256 = contentSha,
                Watermark = clip.Watermark?.Mark,
                CredentialsSha256 = credentials,
            },
            tx
        );
        lib.Catalog.AddTag(id, "synthetic", tx);
        if (clip.NearCopy)
            lib.Catalog.AddTag(id, "near-copy", tx);
        tx.Commit();
        return (id, false);
    }

    /// <summary>The run's training clips, ready to find each generated clip's nearest (by the mean absolute pixel
    /// difference, 0..1), with their ids in the catalog; null when the library no longer has the run's clip
    /// set.</summary>
    TrainingSearch? TrainingClipSearch(TrainConfig config)
    {
        var set = library!.Catalog.FindClipSet(config.ClipSetKey);
        if (set == null)
            return null;
        using var train = TrainingSet.Load(library, set, Split.Train, conditional: false);
        return new TrainingSearch(new NearestClipSearch(train.Clips), train.Records.Select(r => r.Id).ToArray());
    }

    sealed record TrainingSearch(NearestClipSearch Search, long[] ClipIds) : IDisposable
    {
        public void Dispose() => Search.Dispose();
    }

    /// <summary>Names like <c>circle_7.mp4</c>, numbered after the highest number already used in the output
    /// folder or the library, so earlier clips are never overwritten.</summary>
    sealed class NameAllocator(string outDir, VidganLibrary? library, VideoFormat format)
    {
        readonly Dictionary<string, int> next = new();

        public string Next(string prefix)
        {
            if (!next.TryGetValue(prefix, out int n))
                n = Highest(prefix) + 1;
            while (library != null && !Reserve($"{prefix}_{n}{format.Extension()}"))
                n++;
            next[prefix] = n + 1;
            return $"{prefix}_{n}{format.Extension()}";
        }

        /// <summary>Workers generating into the same run folder at once must not pick the same name: the name is
        /// taken by creating its file (atomic, on NFS too), which the encoder then overwrites.</summary>
        bool Reserve(string name)
        {
            Folders.Create(outDir);
            try
            {
                new FileStream(Path.Combine(outDir, name), FileMode.CreateNew).Dispose();
                return true;
            }
            catch (IOException) when (File.Exists(Path.Combine(outDir, name)))
            {
                return false;
            }
        }

        int Highest(string prefix)
        {
            var pattern = new Regex("^" + Regex.Escape(prefix) + @"_(\d+)\.[a-z0-9]+$");
            var names = Directory.Exists(outDir) ? Directory.EnumerateFiles(outDir).Select(Path.GetFileName) : [];
            if (library != null)
                names = names.Concat(
                    library.Catalog.ListAssets(new AssetFilter(Source: AssetSource.Generated)).Select(a => a.Name)
                );
            return names
                .Select(n => pattern.Match(n!))
                .Where(m => m.Success)
                .Select(m => int.TryParse(m.Groups[1].Value, out int v) ? v : 0)
                .DefaultIfEmpty(0)
                .Max();
        }
    }
}
