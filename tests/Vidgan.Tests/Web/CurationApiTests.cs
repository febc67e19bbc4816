using System.IO.Compression;
using System.Net;
using System.Text.Json;
using Vidgan.Library;
using Vidgan.Tests.Support;

namespace Vidgan.Tests.Web;

/// <summary>Curation through the API: tags, keep/reject, removal, collections and ZIP export, each on a copy of the
/// library, checked against the catalog and the files.</summary>
[Trait(Suites.Name, Suites.Cli)]
public sealed class CurationApiTests(WebLibrary library) : IClassFixture<WebLibrary>
{
    static async Task<long[]> Generated(TestService web) =>
        (await web.Json("/api/v1/assets?source=generated"))
            .GetProperty("items")
            .EnumerateArray()
            .Select(a => a.GetProperty("id").GetInt64())
            .ToArray();

    [Fact]
    public async Task TagsAndReviewsAreStoredAndFilterTheList()
    {
        using var temp = new TempDir();
        await using var web = await TestService.Start(library.Copy(temp));
        long[] ids = await Generated(web);

        var tagged = await TestService.Body(
            await web.Send(
                HttpMethod.Post,
                $"/api/v1/assets/{ids[0]}/tags",
                new { tags = new[] { "spring campaign", "hero" } }
            )
        );
        Assert.Equal(
            ["hero", "spring campaign", "synthetic"],
            tagged.GetProperty("tags").EnumerateArray().Select(t => t.GetString())
        );
        var byTag = await web.Json("/api/v1/assets?tag=hero");
        Assert.Equal(ids[0], Assert.Single(byTag.GetProperty("items").EnumerateArray()).GetProperty("id").GetInt64());

        var untagged = await TestService.Body(await web.Send(HttpMethod.Delete, $"/api/v1/assets/{ids[0]}/tags/hero"));
        Assert.DoesNotContain("hero", untagged.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));

        await web.Send(HttpMethod.Put, $"/api/v1/assets/{ids[1]}/review", new { review = "kept" });
        await web.Send(HttpMethod.Put, $"/api/v1/assets/{ids[2]}/review", new { review = "rejected" });
        var kept = await web.Json("/api/v1/assets?review=kept");
        Assert.Equal(ids[1], Assert.Single(kept.GetProperty("items").EnumerateArray()).GetProperty("id").GetInt64());
        var cleared = await TestService.Body(
            await web.Send(HttpMethod.Put, $"/api/v1/assets/{ids[1]}/review", new { review = (string?)null })
        );
        Assert.False(cleared.TryGetProperty("review", out _));

        await TestService.Problem(
            await web.Send(HttpMethod.Post, $"/api/v1/assets/{ids[0]}/tags", new { tags = new[] { "a,b" } }),
            400,
            "parameter 'tag'"
        );
        await TestService.Problem(
            await web.Send(HttpMethod.Put, $"/api/v1/assets/{ids[0]}/review", new { review = "maybe" }),
            400,
            "parameter 'review' has a value of the wrong kind"
        );
        await TestService.Problem(
            await web.Send(HttpMethod.Post, $"/api/v1/assets/{ids[0]}/tags", new { tags = new[] { 1, 2 } }),
            400,
            "parameter 'tags[0]' must be text"
        );
        await TestService.Problem(
            await web.Send(HttpMethod.Post, "/api/v1/assets/999999/tags", new { tags = new[] { "x" } }),
            404,
            "no asset 999999"
        );
    }

    [Fact]
    public async Task DeletingAnAssetFollowsTheLibraryRemoveRule()
    {
        using var temp = new TempDir();
        string copy = library.Copy(temp);
        await using var web = await TestService.Start(copy);
        long id = (await Generated(web))[0];
        using var lib = VidganLibrary.Open(copy, create: false);
        string blob = lib.Blobs.PathFor(lib.Catalog.GetAsset(id)!.Sha256);
        await web.Client.GetAsync($"/api/v1/assets/{id}/poster");

        var removed = await TestService.Body(await web.Send(HttpMethod.Delete, $"/api/v1/assets/{id}"));
        Assert.Equal(id, removed.GetProperty("removed").GetInt64());
        Assert.Equal(0, removed.GetProperty("bytes_kept_for").GetInt32());
        Assert.False(File.Exists(blob));
        Assert.Null(lib.Catalog.GetAsset(id));
        Assert.Empty(Directory.EnumerateFiles(lib.Previews.Directory, "*", SearchOption.AllDirectories));
        await TestService.Problem(await web.Client.GetAsync($"/api/v1/assets/{id}"), 404, $"no asset {id}");
    }

    [Fact]
    public async Task CollectionsHoldNamedSetsOfAssets()
    {
        using var temp = new TempDir();
        await using var web = await TestService.Start(library.Copy(temp));
        long[] ids = await Generated(web);
        var created = await web.Send(HttpMethod.Post, "/api/v1/collections", new { name = "for the spring campaign" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        long c = (await TestService.Body(created)).GetProperty("id").GetInt64();
        await TestService.Problem(
            await web.Send(HttpMethod.Post, "/api/v1/collections", new { name = "for the spring campaign" }),
            409,
            "exists already"
        );
        await TestService.Problem(
            await web.Send(HttpMethod.Post, "/api/v1/collections", new { name = " " }),
            400,
            "parameter 'name'"
        );

        var added = await TestService.Body(
            await web.Send(
                HttpMethod.Post,
                $"/api/v1/collections/{c}/assets",
                new { ids = new[] { ids[0], ids[2], ids[0] } }
            )
        );
        Assert.Equal(2, added.GetProperty("count").GetInt64());
        await TestService.Problem(
            await web.Send(HttpMethod.Post, $"/api/v1/collections/{c}/assets", new { ids = new[] { 999999L } }),
            404,
            "no asset 999999"
        );
        var members = await web.Json($"/api/v1/assets?collection={c}");
        Assert.Equal(
            [ids[0], ids[2]],
            members.GetProperty("items").EnumerateArray().Select(a => a.GetProperty("id").GetInt64())
        );

        await web.Send(HttpMethod.Delete, $"/api/v1/collections/{c}/assets/{ids[0]}");
        Assert.Equal(1, (await web.Json($"/api/v1/collections/{c}")).GetProperty("count").GetInt64());
        Assert.Equal(
            HttpStatusCode.NoContent,
            (await web.Send(HttpMethod.Delete, $"/api/v1/collections/{c}")).StatusCode
        );
        Assert.Equal(0, (await web.Json("/api/v1/collections")).GetArrayLength());
        Assert.Equal(ids.Length, (await Generated(web)).Length);
    }

    [Fact]
    public async Task ASelectionExportsAsAZipWithBothManifests()
    {
        await using var web = await TestService.Start(library.Library);
        long[] ids = await Generated(web);
        var response = await web.Client.GetAsync($"/api/v1/export.zip?ids={ids[1]},{ids[3]}");
        Assert.Equal("application/zip", response.Content.Headers.ContentType?.MediaType);
        using var zip = new ZipArchive(new MemoryStream(await response.Content.ReadAsByteArrayAsync()));
        var names = zip.Entries.Select(e => e.FullName).ToList();
        Assert.Equal(4, names.Count);
        Assert.Contains("manifest.json", names);
        Assert.Contains("manifest.csv", names);
        using var manifest = JsonDocument.Parse(zip.GetEntry("manifest.json")!.Open());
        var entries = manifest.RootElement.EnumerateArray().ToList();
        Assert.Equal([ids[1], ids[3]], entries.Select(e => e.GetProperty("asset").GetProperty("id").GetInt64()));
        using var lib = VidganLibrary.Open(library.Library, create: false);
        foreach (var e in entries)
        {
            using var file = new MemoryStream();
            zip.GetEntry(e.GetProperty("file").GetString()!)!.Open().CopyTo(file);
            string sha = e.GetProperty("asset").GetProperty("sha256").GetString()!;
            Assert.Equal(File.ReadAllBytes(lib.Blobs.PathFor(sha)), file.ToArray());
        }
        Assert.Equal(3, new StreamReader(zip.GetEntry("manifest.csv")!.Open()).ReadToEnd().Trim().Split('\n').Length);
    }
}
