using Vidgan.Library;
using Vidgan.Tests.Support;

namespace Vidgan.Tests.Library;

public class LibraryTests
{
    static Asset Generated(string sha, string name, string cls, double score) =>
        new()
        {
            Sha256 = sha,
            Source = AssetSource.Generated,
            Name = name,
            Format = "mp4",
            Class = cls,
            Score = score,
            Width = 16,
            Height = 16,
            Frames = 8,
            Fps = 8,
        };

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public void AddListFilterAndSort(CatalogBackend backend)
    {
        using var temp = new TempDir();
        using var database = Backends.Prepare(backend, temp["lib"]);
        using var lib = VidganLibrary.Open(temp["lib"], create: true);
        lib.Catalog.AddAsset(Generated("aa01", "a_1.mp4", "a", 0.3));
        lib.Catalog.AddAsset(Generated("aa02", "a_2.mp4", "a", 0.9));
        long b = lib.Catalog.AddAsset(Generated("bb01", "b_1.mp4", "b", 0.6));
        lib.Catalog.AddTag(b, "favourite");
        Assert.Equal(3, lib.Catalog.ListAssets(new AssetFilter()).Count);
        Assert.Equal(
            new[] { "a_1.mp4", "a_2.mp4" },
            lib.Catalog.ListAssets(new AssetFilter(Class: "a")).Select(x => x.Name)
        );
        Assert.Equal(
            new[] { "a_2.mp4", "b_1.mp4" },
            lib.Catalog.ListAssets(new AssetFilter(MinScore: 0.5)).Select(x => x.Name)
        );
        Assert.Equal(
            new[] { "a_2.mp4", "b_1.mp4", "a_1.mp4" },
            lib.Catalog.ListAssets(new AssetFilter(OrderBy: AssetSort.Score)).Select(x => x.Name)
        );
        Assert.Equal(
            new[] { "b_1.mp4" },
            lib.Catalog.ListAssets(new AssetFilter(Tag: "favourite")).Select(x => x.Name)
        );
        Assert.Empty(lib.Catalog.ListAssets(new AssetFilter(Source: AssetSource.Real)));
        Assert.Equal(2, lib.Catalog.ListAssets(new AssetFilter(Limit: 2)).Count);
        foreach (int limit in new[] { 0, -5 })
            Assert.Contains(
                "'limit' must be at least 1",
                Assert.Throws<VidganException>(() => lib.Catalog.ListAssets(new AssetFilter(Limit: limit))).Message
            );
    }

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public void TextSearchFindsSubstringsOfNamesAndTagsAndFollowsTheirChanges(CatalogBackend backend)
    {
        using var temp = new TempDir();
        using var database = Backends.Prepare(backend, temp["lib"]);
        using var lib = VidganLibrary.Open(temp["lib"], create: true);
        long spring = lib.Catalog.AddAsset(Generated("aa01", "Spring_Meadow_1.mp4", "a", 0.3));
        long other = lib.Catalog.AddAsset(Generated("aa02", "winter_2.mp4", "a", 0.9));
        lib.Catalog.AddTag(other, "hero shot");
        string[] Find(string text) =>
            lib.Catalog.ListAssets(new AssetFilter { Text = text }).Select(a => a.Name).ToArray();

        Assert.Equal(["Spring_Meadow_1.mp4"], Find("meadow"));
        Assert.Equal(["winter_2.mp4"], Find("HERO"));
        Assert.Equal(["Spring_Meadow_1.mp4", "winter_2.mp4"], Find(".mp4"));
        Assert.Equal(["winter_2.mp4"], Find("r_2"));
        Assert.Equal(["Spring_Meadow_1.mp4"], Find("g_"));
        Assert.Empty(Find("\"quoted\""));

        lib.Catalog.AddTag(spring, "heroic");
        Assert.Equal(["Spring_Meadow_1.mp4", "winter_2.mp4"], Find("hero"));
        lib.Catalog.RemoveTag(other, "hero shot");
        Assert.Equal(["Spring_Meadow_1.mp4"], Find("hero"));
        lib.Catalog.RemoveAsset(spring, "aa01");
        Assert.Empty(Find("hero"));
        Assert.Empty(Find("meadow"));
    }

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public void SameBytesAreStoredOnceAndRemovalKeepsSharedBytes(CatalogBackend backend)
    {
        using var temp = new TempDir();
        using var database = Backends.Prepare(backend, temp["lib"]);
        using var lib = VidganLibrary.Open(temp["lib"], create: true);
        File.WriteAllText(temp["x.bin"], "same bytes");
        File.WriteAllText(temp["y.bin"], "same bytes");
        string sha1 = lib.Blobs.Put(temp["x.bin"]);
        string sha2 = lib.Blobs.Put(temp["y.bin"]);
        Assert.Equal(sha1, sha2);
        Assert.Single(Directory.EnumerateFiles(lib.Blobs.Directory, "*", SearchOption.AllDirectories));

        long real = lib.Catalog.AddAsset(Generated(sha1, "x.mp4", "a", 0.5) with { Source = AssetSource.Real });
        long gen = lib.Catalog.AddAsset(Generated(sha1, "x_gen.mp4", "a", 0.5));
        Assert.Equal(1, lib.Catalog.RemoveAsset(real, sha1));
        Assert.Equal(0, lib.Catalog.RemoveAsset(gen, sha1));
        Assert.Null(lib.Catalog.GetAsset(gen));
    }

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public void ExportWritesFilesAndManifests(CatalogBackend backend)
    {
        using var temp = new TempDir();
        using var database = Backends.Prepare(backend, temp["lib"]);
        using var lib = VidganLibrary.Open(temp["lib"], create: true);
        File.WriteAllText(temp["a.mp4"], "A");
        File.WriteAllText(temp["b.mp4"], "B");
        lib.Catalog.AddAsset(Generated(lib.Blobs.Put(temp["a.mp4"]), "a_1.mp4", "a", 0.4));
        lib.Catalog.AddAsset(Generated(lib.Blobs.Put(temp["b.mp4"]), "a_1.mp4", "b", 0.8));
        var result = LibraryExporter.Export(lib, new AssetFilter(), temp["out"]);
        Assert.Equal(2, result.Count);
        var files = Directory.EnumerateFiles(temp["out"]).Select(Path.GetFileName).Order().ToArray();
        Assert.Equal(new[] { "2_a_1.mp4", "a_1.mp4", "manifest.csv", "manifest.json" }, files);
        Assert.Equal("B", File.ReadAllText(temp["out/2_a_1.mp4"]));
        var csv = File.ReadAllLines(temp["out/manifest.csv"]);
        Assert.Equal(3, csv.Length);
        Assert.StartsWith("file,id,source,class", csv[0]);
        Assert.Contains("\"score\": 0.8", File.ReadAllText(temp["out/manifest.json"]));
    }

    [Fact]
    public void LibraryPathComesFromFlagThenEnvironmentThenDefault()
    {
        string? saved = Environment.GetEnvironmentVariable(VidganLibrary.EnvironmentVariable);
        try
        {
            Environment.SetEnvironmentVariable(VidganLibrary.EnvironmentVariable, "/tmp/from-env");
            Assert.Equal("/tmp/flag", VidganLibrary.ResolvePath("/tmp/flag"));
            Assert.Equal("/tmp/from-env", VidganLibrary.ResolvePath(null));
            Environment.SetEnvironmentVariable(VidganLibrary.EnvironmentVariable, null);
            Assert.Equal(Path.GetFullPath("vidgan-library"), VidganLibrary.ResolvePath(null));
        }
        finally
        {
            Environment.SetEnvironmentVariable(VidganLibrary.EnvironmentVariable, saved);
        }
    }

    [Fact]
    public void OpeningAMissingLibraryForReadingIsAnErrorAndCreatesNothing()
    {
        using var temp = new TempDir();
        var e = Assert.Throws<VidganException>(() => VidganLibrary.Open(temp["nolib"], create: false));
        Assert.Contains("no library at", e.Message);
        Assert.False(Directory.Exists(temp["nolib"]));
    }
}
