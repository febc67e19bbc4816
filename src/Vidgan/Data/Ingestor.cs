using Vidgan.Library;
using Vidgan.Media;
using Vidgan.Util;

namespace Vidgan.Data;

public sealed record IngestOptions(
    LabelSource LabelFrom = LabelSource.Prefix,
    int Size = 32,
    int Frames = 16,
    double Fps = 8,
    FrameFit Fit = FrameFit.Crop,
    int? Stride = null,
    double TestFraction = 0.2,
    int MaxFramesPerVideo = 4096
)
{
    public int EffectiveStride => Stride ?? Frames;

    public DecodeOptions Decode => new(Size, Fps, Fit, MaxFramesPerVideo);

    public string ClipSetKey =>
        FormattableString.Invariant($"{Decode.CacheKey()}-t{Frames}-st{EffectiveStride}-tf{TestFraction:0.###}");

    public void Validate()
    {
        if (Size < 8 || Size > 512)
            throw new VidganException("setting 'size' must be between 8 and 512", 2);
        if (Frames < 2 || Frames > 256)
            throw new VidganException("setting 'frames' must be between 2 and 256", 2);
        if (Fps <= 0 || Fps > 240)
            throw new VidganException("setting 'fps' must be between 0 and 240", 2);
        if (EffectiveStride < 1)
            throw new VidganException("setting 'stride' must be at least 1", 2);
        if (TestFraction < 0 || TestFraction >= 1)
            throw new VidganException("setting 'test_fraction' must be in [0, 1)", 2);
    }
}

public sealed record SkippedFile(string Path, string Reason);

public sealed record ClassCount(string Class, int Videos, int TrainClips, int TestClips);

public sealed record IngestReport(
    int Added,
    int AlreadyPresent,
    int Decoded,
    int FromCache,
    IReadOnlyList<ClassCount> Classes,
    IReadOnlyList<SkippedFile> Skipped,
    ClipSet ClipSet,
    IReadOnlyList<string> SplitGaps
);

/// <summary>Scans a folder of videos into a library: labels, hashes, probes, decodes (through the frame cache),
/// cuts training clips, assigns splits by source video, and records everything in the catalog.</summary>
public sealed class Ingestor(VidganLibrary library, IngestOptions options)
{
    sealed class Candidate(string path, string? label)
    {
        public string Path = path;
        public string? Label = label;
        public string Sha = "";
        public Asset? Existing;
        public VideoInfo? Info;
        public string? Error;
    }

    public IngestReport Run(string folder, Action<string>? progress = null)
    {
        options.Validate();
        string root = Path.GetFullPath(folder);
        if (!Directory.Exists(root))
            throw new VidganException(
                File.Exists(root)
                    ? $"{folder} is a file; ingest takes a folder of videos"
                    : $"folder {folder} does not exist"
            );
        var skipped = new List<SkippedFile>();
        var files = Scan(root);
        if (files.Count == 0)
            throw new VidganException($"no files found in {folder}");

        var candidates = new List<Candidate>();
        foreach (string f in files)
        {
            string? label = Labels.For(f, root, options.LabelFrom);
            if (options.LabelFrom != LabelSource.None && label == null)
                skipped.Add(
                    new SkippedFile(
                        f,
                        options.LabelFrom == LabelSource.Prefix
                            ? "no class in the file name (expected <class>_<n>.<ext>, or use setting 'label_from' "
                                + "folder|none)"
                            : "no class folder (the file sits directly in the ingested folder)"
                    )
                );
            else
                candidates.Add(new Candidate(f, label));
        }

        progress?.Invoke($"hashing and probing {candidates.Count} files");
        var seen = new Dictionary<string, string>();
        // Files are hashed and probed in parallel; the catalog (one SQLite connection) is only used from this thread.
        ForEachFile(candidates, c => c.Sha = Hashing.Sha256File(c.Path));
        foreach (var c in candidates.Where(c => c.Error == null))
            c.Existing = library.Catalog.FindAsset(c.Sha, AssetSource.Real);
        ForEachFile(
            candidates.Where(c => c.Error == null && c.Existing == null).ToArray(),
            c => c.Info = VideoProbe.Probe(c.Path)
        );
        var usable = new List<Candidate>();
        foreach (var c in candidates)
        {
            if (c.Error != null)
            {
                skipped.Add(new SkippedFile(c.Path, c.Error));
                continue;
            }
            if (!seen.TryAdd(c.Sha, c.Path))
            {
                skipped.Add(new SkippedFile(c.Path, $"same bytes as {Path.GetFileName(seen[c.Sha])} (stored once)"));
                continue;
            }
            usable.Add(c);
        }

        var clipSet = library.Catalog.GetOrAddClipSet(
            options.ClipSetKey,
            options.Size,
            options.Frames,
            options.Fps,
            options.Fit.ToString().ToLowerInvariant(),
            options.EffectiveStride,
            options.TestFraction
        );
        var decodeOptions = options.Decode;
        var toDecode = usable.Where(c => !library.Cache.Contains(ClipCache.Key(c.Sha, decodeOptions))).ToList();
        int fromCache = usable.Count - toDecode.Count;
        if (toDecode.Count > 0)
            progress?.Invoke($"decoding {toDecode.Count} videos");
        var outcomes = VideoDecoder.DecodeMany(
            toDecode.Select(c => c.Path).ToArray(),
            decodeOptions,
            toDecode.Select(c => c.Info?.DurationSeconds ?? 0).ToArray()
        );
        for (int i = 0; i < toDecode.Count; i++)
        {
            var c = toDecode[i];
            var o = outcomes[i];
            if (o.Clip == null)
            {
                c.Error = o.Error;
                continue;
            }
            var clip = new Clip(o.Clip.Rgb, o.Clip.Frames, o.Clip.Height, o.Clip.Width, options.Fps);
            if (o.Error != null && clip.Frames < options.Frames)
            {
                c.Error = "damaged: " + o.Error;
                continue;
            }
            library.Cache.Put(ClipCache.Key(c.Sha, decodeOptions), clip);
        }

        int added = 0,
            present = 0;
        var counts = new Dictionary<string, (HashSet<string> Videos, int Train, int Test)>();
        foreach (var c in usable)
        {
            if (c.Error != null)
            {
                skipped.Add(new SkippedFile(c.Path, c.Error));
                continue;
            }
            string key = ClipCache.Key(c.Sha, decodeOptions);
            var frames = library.Cache.Get(key);
            var starts = ClipWindows.Starts(frames.Frames, options.Frames, options.EffectiveStride);
            if (starts.Count == 0)
            {
                skipped.Add(
                    new SkippedFile(
                        c.Path,
                        $"shorter than one clip: {frames.Frames} frames at {options.Fps:0.##} fps, need "
                            + $"{options.Frames} (a smaller --frames or a higher --fps would fit it)"
                    )
                );
                continue;
            }
            var split = c.Existing?.Split ?? SplitAssignment.For(c.Sha, options.TestFraction);
            string? label = c.Existing?.Class ?? c.Label;
            long assetId;
            if (c.Existing != null)
            {
                assetId = c.Existing.Id;
                present++;
            }
            else
            {
                library.Blobs.Put(c.Path, c.Sha);
                bool isNew;
                (assetId, isNew) = AddSource(c, split);
                added += isNew ? 1 : 0;
                present += isNew ? 0 : 1;
            }
            if (!library.Catalog.HasClips(clipSet.Id, assetId))
            {
                using var tx = library.Catalog.BeginTransaction();
                foreach (int s in starts)
                    library.Catalog.AddClip(clipSet.Id, assetId, s, split, label, key, tx);
                tx.Commit();
            }
            string cls = label ?? SplitAssignment.Unlabelled;
            var entry = counts.TryGetValue(cls, out var e) ? e : (Videos: new HashSet<string>(), Train: 0, Test: 0);
            entry.Videos.Add(c.Sha);
            if (split == Split.Test)
                entry.Test += starts.Count;
            else
                entry.Train += starts.Count;
            counts[cls] = entry;
        }
        var classes = counts
            .OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => new ClassCount(kv.Key, kv.Value.Videos.Count, kv.Value.Train, kv.Value.Test))
            .ToArray();
        return new IngestReport(
            added,
            present,
            toDecode.Count,
            fromCache,
            classes,
            skipped.OrderBy(s => s.Path, StringComparer.Ordinal).ToArray(),
            clipSet,
            SplitAssignment.Gaps(SplitAssignment.Counts(library.Catalog.Clips(clipSet.Id)), options.TestFraction)
        );
    }

    static void ForEachFile(IReadOnlyList<Candidate> candidates, Action<Candidate> work) =>
        Parallel.ForEach(
            candidates,
            new ParallelOptions { MaxDegreeOfParallelism = 4 },
            c =>
            {
                try
                {
                    work(c);
                }
                catch (MediaException e)
                {
                    c.Error = e.Reason;
                }
                catch (IOException e)
                {
                    c.Error = "cannot read: " + e.Message;
                }
                catch (UnauthorizedAccessException)
                {
                    c.Error = "permission denied";
                }
            }
        );

    /// <summary>Another process ingesting the same file at the same moment may add it first: then its row is
    /// used.</summary>
    (long Id, bool Added) AddSource(Candidate c, Split split)
    {
        var info = c.Info!;
        return library.Catalog.AddAssetOnce(
            new Asset
            {
                Sha256 = c.Sha,
                Source = AssetSource.Real,
                Name = Path.GetFileName(c.Path),
                Format = Path.GetExtension(c.Path).TrimStart('.').ToLowerInvariant(),
                Class = c.Label,
                Split = split,
                OriginalPath = c.Path,
                Width = info.Width,
                Height = info.Height,
                Frames = info.FrameCount,
                Fps = info.Fps,
                Duration = info.DurationSeconds,
                Codec = info.Codec,
                Bytes = new FileInfo(c.Path).Length,
            }
        );
    }

    List<string> Scan(string root)
    {
        string libraryRoot = library.Root + Path.DirectorySeparatorChar;
        string inbox = library.Inbox + Path.DirectorySeparatorChar;
        var files = new List<string>();
        var pending = new Stack<string>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            string dir = pending.Pop();
            // The library's own files are never ingested again, except the uploads waiting in its inbox.
            string inside = dir + Path.DirectorySeparatorChar;
            if (
                inside.StartsWith(libraryRoot, StringComparison.Ordinal)
                && !inside.StartsWith(inbox, StringComparison.Ordinal)
            )
                continue;
            foreach (string sub in Directory.EnumerateDirectories(dir))
                if (!Path.GetFileName(sub).StartsWith('.'))
                    pending.Push(sub);
            foreach (string f in Directory.EnumerateFiles(dir))
                if (!Path.GetFileName(f).StartsWith('.'))
                    files.Add(f);
        }
        files.Sort(StringComparer.Ordinal);
        return files;
    }
}
