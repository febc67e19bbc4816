namespace Vidgan.Library;

/// <summary>A training clip as a viewer can play it: a window of a real video, from <see cref="StartSeconds"/> for <see
/// cref="DurationSeconds"/>.</summary>
public sealed record ClipWindow(
    long ClipId,
    long AssetId,
    string AssetName,
    double StartSeconds,
    double DurationSeconds
);

/// <summary>A run as an asset's lineage names it.</summary>
public sealed record RunLink(long Id, string Name, string Model, long Steps);

/// <summary>Where an asset comes from. For a generated clip: source videos → clip set → run → checkpoint → clip, and
/// the training clip nearest to it. For a real video: the clip sets that cut it into training clips.</summary>
public sealed record Provenance(
    Asset Asset,
    RunLink? Run,
    CheckpointRecord? Checkpoint,
    ClipSet? ClipSet,
    int SourceVideoCount,
    IReadOnlyList<Asset> SourceVideos,
    ClipWindow? NearestTrainingClip,
    IReadOnlyList<ClipSet> UsedInClipSets
)
{
    /// <summary>At most this many source videos are listed (all are counted).</summary>
    public const int MaxSourceVideos = 24;

    public static Provenance For(VidganLibrary lib, long assetId)
    {
        var asset = Curation.Find(lib, assetId);
        var c = lib.Catalog;
        var run = asset.RunId is long runId ? c.GetRun(runId) : null;
        var set = run?.ClipSetId is long setId ? c.GetClipSet(setId) : null;
        var sources = set != null ? c.SourceVideos(set.Id) : [];
        return new Provenance(
            asset,
            run != null ? new RunLink(run.Id, Path.GetFileName(run.RunDir.TrimEnd('/')), run.Model, run.Steps) : null,
            run != null && asset.CheckpointSha256 != null ? c.FindCheckpoint(run.Id, asset.CheckpointSha256) : null,
            set,
            sources.Count,
            sources.Take(MaxSourceVideos).Select(s => c.GetAsset(s.AssetId)).OfType<Asset>().ToList(),
            asset.NearestClipId is long clipId ? Window(lib, clipId) : null,
            asset.Source == AssetSource.Real ? c.ClipSetsOf(asset.Id) : []
        );
    }

    static ClipWindow? Window(VidganLibrary lib, long clipId)
    {
        var clip = lib.Catalog.GetClip(clipId);
        var set = clip != null ? lib.Catalog.GetClipSet(clip.SetId) : null;
        var source = clip != null ? lib.Catalog.GetAsset(clip.AssetId) : null;
        if (clip == null || set == null || source == null || set.Fps <= 0)
            return null;
        return new ClipWindow(clip.Id, source.Id, source.Name, clip.StartFrame / set.Fps, set.Frames / set.Fps);
    }
}
