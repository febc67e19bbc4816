using TorchSharp;
using Vidgan.Library;
using Vidgan.Models;
using Vidgan.Util;
using static TorchSharp.torch;

namespace Vidgan.Data;

/// <summary>All clips of one split of a clip set, held in memory as bytes (N, T, H, W, 3) with class indices.
/// Built from the frame cache: nothing is decoded here.</summary>
public sealed class TrainingSet : IDisposable
{
    TrainingSet(
        Tensor clips,
        long[] classes,
        IReadOnlyList<string> classNames,
        IReadOnlyList<ClipRecord> records,
        ClipSet set
    )
    {
        Clips = clips;
        ClassIndices = classes;
        Labels = classes;
        ClassNames = classNames;
        Records = records;
        ClipSet = set;
    }

    public Tensor Clips { get; }
    public long[] ClassIndices { get; }

    /// <summary>What a batch gives the networks for each clip: its class, or its source label after
    /// <see cref="LabelBySource"/>.</summary>
    public long[] Labels { get; private set; }
    public IReadOnlyList<string> ClassNames { get; }
    public IReadOnlyList<ClipRecord> Records { get; }
    public ClipSet ClipSet { get; }
    public int Count => (int)Clips.shape[0];

    /// <summary>Names these clips, in order, with their labels: a judge trained on one set stands for another only
    /// if their keys match. The clip set's key alone names settings, and a later ingest adds clips (and classes)
    /// under it.</summary>
    public string ContentKey =>
        contentKey ??= Hashing.Sha256(
            string.Join(
                "\n",
                Records
                    .Select((r, i) => $"{r.CacheKey} {r.StartFrame} {ClassIndices[i]}")
                    .Prepend(string.Join("\u001f", ClassNames))
                    .Prepend(ClipSet.Key)
            )
        );

    string? contentKey;

    int[][]? byClass;

    /// <summary>Picks the clip set to train on: the one matching size and frames when given, else the newest.</summary>
    public static ClipSet SelectClipSet(VidganLibrary library, int? size, int? frames)
    {
        var sets = library.Catalog.ClipSets();
        if (sets.Count == 0)
            throw new VidganException($"library {library.Root} has no clips: run 'vidgan ingest DIR' first");
        var match = sets.Where(s => (size == null || s.Size == size) && (frames == null || s.Frames == frames))
            .LastOrDefault();
        return match
            ?? throw new VidganException(
                $"no clips ingested at {size?.ToString() ?? "any size"}×{frames?.ToString() ?? "any"} frames "
                    + $"(have {string.Join(", ", sets.Select(s => $"{s.Size}px×{s.Frames}"))}): run 'vidgan ingest "
                    + "DIR --size S --frames T'"
            );
    }

    /// <param name="classNames">Class order to use (a resumed run's); null derives it from the clips.</param>
    public static TrainingSet Load(
        VidganLibrary library,
        ClipSet set,
        Split split,
        bool conditional,
        IReadOnlyList<string>? classNames = null
    )
    {
        var records = library.Catalog.Clips(set.Id, split);
        if (conditional)
            records = records.Where(r => r.Class != null).ToArray();
        if (records.Count == 0)
            throw new VidganException(
                split == Split.Test
                    ? $"the library has no test clips for {set.Size}px×{set.Frames}: ingest more videos or raise "
                        + "setting 'test_fraction'"
                    : $"the library has no {(conditional ? "labelled " : "")}{SettingNames.Name(split)} clips for "
                        + $"{set.Size}px×{set.Frames}"
            );
        var names =
            classNames
            ?? (
                conditional
                    ? records.Select(r => r.Class!).Distinct().Order(StringComparer.Ordinal).ToArray()
                    : Array.Empty<string>()
            );
        // Filled in place: every fresh copy of the clips costs page faults worth more than the copying.
        var tensor = torch.empty(new long[] { records.Count, set.Frames, set.Size, set.Size, 3 }, ScalarType.Byte);
        using var view = new ClipByteView(tensor);
        var classes = new long[records.Count];
        for (int i = 0; i < records.Count; i++)
        {
            var r = records[i];
            library.Cache.ReadFrames(r.CacheKey, r.StartFrame, view[i]);
            if (conditional)
            {
                int index = names.ToList().IndexOf(r.Class!);
                if (index < 0)
                    throw new VidganException(
                        $"clip class '{r.Class}' is not one of the model's classes ({string.Join(", ", names)})"
                    );
                classes[i] = index;
            }
        }
        return new TrainingSet(tensor, classes, names, records, set);
    }

    /// <summary>The (class, source video) pairs of these clips, by class and then asset: the labels of a model
    /// conditioned per source.</summary>
    public IReadOnlyList<SourceLabel> SourceLabels() =>
        Enumerable
            .Range(0, Count)
            .Select(i => new SourceLabel((int)ClassIndices[i], Records[i].AssetId))
            .Distinct()
            .OrderBy(l => l.Class)
            .ThenBy(l => l.Asset)
            .ToArray();

    /// <summary>From now on batches carry each clip's index in <paramref name="sources"/>, not its class.</summary>
    public void LabelBySource(IReadOnlyList<SourceLabel> sources)
    {
        var index = sources.Select((l, i) => (l, i)).ToDictionary(p => p.l, p => (long)p.i);
        Labels = Enumerable
            .Range(0, Count)
            .Select(i =>
                index.TryGetValue(new SourceLabel((int)ClassIndices[i], Records[i].AssetId), out long label)
                    ? label
                    : throw new VidganException(
                        $"training clips from asset {Records[i].AssetId} are not among the source videos this run "
                            + "was conditioned on (setting 'model.condition_on_source'): start a new run to train on "
                            + "them"
                    )
            )
            .ToArray();
    }

    /// <summary>A batch on <paramref name="device"/>: clips (B, 3, T, H, W) in [-1, 1] and labels (B): classes, or
    /// source labels after <see cref="LabelBySource"/>.</summary>
    public (Tensor Clips, Tensor Classes) Batch(Random rng, int batchSize, Device device, bool flip)
    {
        var idx = new long[batchSize];
        for (int i = 0; i < batchSize; i++)
            idx[i] = rng.Next(Count);
        return Gather(idx, rng, device, flip);
    }

    (Tensor Clips, Tensor Classes) Gather(long[] idx, Random rng, Device device, bool flip)
    {
        using var index = torch.tensor(idx);
        var clips = ClipTensors.FromBytes(Clips.index_select(0, index));
        if (flip && rng.Next(2) == 1)
            clips = clips.flip(4);
        var classes = torch.tensor(idx.Select(i => Labels[i]).ToArray());
        return (clips.to(device), classes.to(device));
    }

    /// <summary>A batch as <see cref="Batch"/> draws it, but each clip's class first, uniformly, then a clip of that
    /// class: a class with few clips is seen as often as a class with many.</summary>
    public (Tensor Clips, Tensor Classes) BalancedBatch(Random rng, int batchSize, Device device, bool flip)
    {
        var byClass = ClipsByClass();
        var idx = new long[batchSize];
        for (int i = 0; i < batchSize; i++)
        {
            var members = byClass[rng.Next(byClass.Length)];
            idx[i] = members[rng.Next(members.Length)];
        }
        return Gather(idx, rng, device, flip);
    }

    /// <summary>A batch that takes the classes in turn, from a random first one, and a random clip of each: every
    /// class fills its share of each batch (give or take one clip), where <see cref="Batch"/> and
    /// <see cref="BalancedBatch"/> let a class's count wander from batch to batch.</summary>
    public (Tensor Clips, Tensor Classes) StratifiedBatch(Random rng, int batchSize, Device device, bool flip)
    {
        var byClass = ClipsByClass();
        int first = rng.Next(byClass.Length);
        var idx = new long[batchSize];
        for (int i = 0; i < batchSize; i++)
        {
            var members = byClass[(first + i) % byClass.Length];
            idx[i] = members[rng.Next(members.Length)];
        }
        return Gather(idx, rng, device, flip);
    }

    int[][] ClipsByClass() =>
        byClass ??= Enumerable
            .Range(0, ClassNames.Count)
            .Select(c => Enumerable.Range(0, Count).Where(i => ClassIndices[i] == c).ToArray())
            .Where(members => members.Length > 0)
            .ToArray();

    public void Dispose() => Clips.Dispose();
}
