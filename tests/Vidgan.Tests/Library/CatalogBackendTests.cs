using Vidgan.Library;
using Vidgan.Tests.Support;

namespace Vidgan.Tests.Library;

/// <summary>What every part of the catalog does, on SQLite and on PostgreSQL alike.</summary>
public class CatalogBackendTests
{
    /// <summary>An empty catalog of one backend, and what it takes away afterwards.</summary>
    sealed class Empty : IDisposable
    {
        readonly TempDir temp = new();
        readonly IDisposable? database;

        public Empty(CatalogBackend backend)
        {
            Directory.CreateDirectory(temp["lib"]);
            database = Backends.Prepare(backend, temp["lib"]);
            Catalog = new Catalog(CatalogLocation.For(temp["lib"]));
        }

        public Catalog Catalog { get; }

        public void Dispose()
        {
            Catalog.Dispose();
            database?.Dispose();
            temp.Dispose();
        }
    }

    static Asset Clip(string sha, string name, double? score) =>
        new()
        {
            Sha256 = sha,
            Source = AssetSource.Generated,
            Name = name,
            Format = "mp4",
            Class = "c",
            Score = score,
            Fps = 8.5,
            NearCopy = score > 0.5,
        };

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public void RunsKeepTheirHighestCheckpointStepAndClipsAreAddedOnce(CatalogBackend backend)
    {
        using var empty = new Empty(backend);
        var catalog = empty.Catalog;
        var set = catalog.GetOrAddClipSet("32x16", 32, 16, 8, "crop", 8, 0.2);
        Assert.Equal(set.Id, catalog.GetOrAddClipSet("32x16", 32, 16, 8, "crop", 8, 0.2).Id);
        long asset = catalog.AddAsset(Clip("aa", "a.mp4", 0.4) with { Source = AssetSource.Real });
        catalog.AddClip(set.Id, asset, 0, Split.Train, "c", "k0");
        catalog.AddClip(set.Id, asset, 0, Split.Train, "c", "k0");
        catalog.AddClip(set.Id, asset, 8, Split.Test, "c", "k8");
        Assert.Equal([0, 8], catalog.Clips(set.Id).Select(c => c.StartFrame));
        Assert.Single(catalog.Clips(set.Id, Split.Test));
        Assert.True(catalog.HasClips(set.Id, asset));

        long run = catalog.UpsertRun("/runs/a", "resnet", "{}", set.Id);
        Assert.Equal(run, catalog.UpsertRun("/runs/a", "layered", "{\"x\":1}", set.Id));
        catalog.AddCheckpoint(run, "c1", 200, "/runs/a/step-200.pt");
        catalog.AddCheckpoint(run, "c2", 100, "/runs/a/step-100.pt");
        var record = catalog.GetRun(run)!;
        Assert.Equal(("layered", 200L), (record.Model, record.Steps));
        Assert.Equal([100L, 200L], catalog.Checkpoints(run).Select(c => c.Step));
        Assert.Equal("c1", catalog.RecordedCheckpointSha("/runs/a/step-200.pt"));
    }

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public void AssetsRoundTripAndPageByScoreWithNullsLast(CatalogBackend backend)
    {
        using var empty = new Empty(backend);
        var catalog = empty.Catalog;
        long first = catalog.AddAsset(Clip("a1", "one.mp4", 0.9) with { Watermark = 123456, Seed = 7 });
        catalog.AddAsset(Clip("a2", "two.mp4", null));
        catalog.AddAsset(Clip("a3", "three.mp4", 0.2));
        var stored = catalog.GetAsset(first)!;
        Assert.Equal((8.5, true), (stored.Fps, stored.NearCopy));
        Assert.Equal((123456, 7L), (stored.Watermark!.Value, stored.Seed!.Value));
        Assert.Equal(first, catalog.FindByWatermark(123456)!.Id);

        var names = new List<string>();
        var filter = new AssetFilter(OrderBy: AssetSort.Score);
        for (string? cursor = null; ; )
        {
            var after = cursor == null ? null : AssetCursor.Decode(cursor, AssetSort.Score);
            var page = catalog.PageAssets(filter with { After = after }, 1);
            names.AddRange(page.Items.Select(a => a.Name));
            if ((cursor = page.NextCursor) == null)
                break;
        }
        Assert.Equal(["one.mp4", "three.mp4", "two.mp4"], names);
        var counts = catalog.GroupCounts().Single();
        Assert.Equal((3L, 0.55), (counts.Count, Math.Round(counts.MeanScore!.Value, 6)));
    }

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public void CollectionsAndKeysBehaveTheSame(CatalogBackend backend)
    {
        using var empty = new Empty(backend);
        var catalog = empty.Catalog;
        long a = catalog.AddAsset(Clip("a1", "one.mp4", 0.9));
        var picks = catalog.AddCollection("picks", "best");
        Assert.Throws<ConflictException>(() => catalog.AddCollection("picks", ""));
        Assert.Equal(1, catalog.AddToCollection(picks.Id, [a, a, 999]));
        Assert.Equal(0, catalog.AddToCollection(picks.Id, [a]));
        Assert.Equal(1, catalog.GetCollection(picks.Id)!.Count);

        long key = catalog.AddApiKey("ci", ApiKeyRole.Editor, "vk_ab", "hash1");
        Assert.Equal(key, catalog.FindApiKeyByHash("hash1")!.Id);
        Assert.True(catalog.RevokeApiKey(key));
        Assert.False(catalog.RevokeApiKey(key));
        Assert.Null(catalog.FindApiKeyByHash("hash1"));
    }

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public void AJobIsClaimedOnceKeepsTheTailOfItsLogAndEndsOnce(CatalogBackend backend)
    {
        using var empty = new Empty(backend);
        var catalog = empty.Catalog;
        long id = catalog.AddJob("generate", "{}");
        Assert.True(catalog.ClaimJob(id, "w1", TimeSpan.FromSeconds(30)));
        Assert.False(catalog.ClaimJob(id, "w2", TimeSpan.FromSeconds(30)));
        Assert.Equal("w1", catalog.GetJob(id)!.Worker);
        Assert.Empty(catalog.JobsToRecover(TimeSpan.FromSeconds(30)));
        Assert.Single(catalog.JobsToRecover(TimeSpan.FromSeconds(-5)));

        string line = new('x', 1000);
        for (int i = 0; i < 20; i++)
            catalog.AppendJobLog(id, $"{i:00} {line}");
        string log = catalog.GetJob(id)!.Log;
        Assert.Equal(Catalog.JobLogTail, log.Length);
        Assert.EndsWith($"19 {line}\n", log);
        catalog.UpdateJobProgress(id, 0.5, 5, 10, 3.5, "half");
        catalog.FinishJob(id, JobState.Succeeded, null, "{\"kept\":1}");
        var job = catalog.GetJob(id)!;
        Assert.Equal((JobState.Succeeded, 1.0, 5L), (job.State, job.Progress, job.Step!.Value));
        Assert.False(catalog.RequestJobCancel(id));
    }
}
