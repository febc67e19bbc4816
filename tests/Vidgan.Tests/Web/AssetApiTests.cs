using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Vidgan.Library;
using Vidgan.Tests.Support;

namespace Vidgan.Tests.Web;

/// <summary>The read side of the API on a real library: lists with filters, sort and cursor paging; one asset's
/// provenance; files with ranges and ETags; posters and previews made once.</summary>
[Trait(Suites.Name, Suites.Cli)]
public sealed class AssetApiTests(WebLibrary library) : IClassFixture<WebLibrary>
{
    static long[] Ids(JsonElement page) =>
        page.GetProperty("items").EnumerateArray().Select(a => a.GetProperty("id").GetInt64()).ToArray();

    [Fact]
    public async Task FiltersSelectWhatTheCatalogSelects()
    {
        await using var web = await TestService.Start(library.Library);
        var generated = await web.Json("/api/v1/assets?source=generated");
        Assert.Equal(6, Ids(generated).Length);
        Assert.All(
            generated.GetProperty("items").EnumerateArray(),
            a => Assert.Equal("generated", a.GetProperty("source").GetString())
        );
        var real = await web.Json("/api/v1/assets?source=real&class=circle");
        Assert.Equal(3, Ids(real).Length);
        Assert.All(
            real.GetProperty("items").EnumerateArray(),
            a => Assert.Equal("circle", a.GetProperty("class").GetString())
        );
        var text = await web.Json("/api/v1/assets?q=squa");
        Assert.All(
            text.GetProperty("items").EnumerateArray(),
            a => Assert.Contains("squa", a.GetProperty("name").GetString())
        );
        Assert.NotEmpty(Ids(text));
        var bySynthetic = await web.Json("/api/v1/assets?tag=synthetic");
        Assert.Equal(Ids(generated), Ids(bySynthetic));
        var run = (await web.Json("/api/v1/runs"))[0].GetProperty("id").GetInt64();
        Assert.Equal(Ids(generated), Ids(await web.Json($"/api/v1/assets?run={run}")));
        var scores = generated
            .GetProperty("items")
            .EnumerateArray()
            .Select(a => a.GetProperty("score").GetDouble())
            .ToArray();
        double cut = scores.Order().ElementAt(3);
        var best = await web.Json(
            $"/api/v1/assets?min_score={cut.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}"
        );
        Assert.Equal(scores.Count(s => s >= cut), Ids(best).Length);
    }

    [Theory]
    [InlineData("id")]
    [InlineData("name")]
    [InlineData("score")]
    [InlineData("created")]
    public async Task CursorPagesWalkTheWholeSortedListOnce(string sort)
    {
        await using var web = await TestService.Start(library.Library);
        var whole = Ids(await web.Json($"/api/v1/assets?sort={sort}&limit=500"));
        var walked = new List<long>();
        string url = $"/api/v1/assets?sort={sort}&limit=4";
        while (true)
        {
            var page = await web.Json(url);
            Assert.True(Ids(page).Length <= 4);
            walked.AddRange(Ids(page));
            if (page.TryGetProperty("next_cursor", out var next) is false)
                break;
            url = $"/api/v1/assets?sort={sort}&limit=4&cursor={next.GetString()}";
        }
        Assert.Equal(whole, walked);
        Assert.True(whole.Length > 8);
    }

    [Theory]
    [InlineData("limit=abc", "parameter 'limit' must be a whole number, not 'abc'")]
    [InlineData("limit=99999999999", "parameter 'limit' must be between 1 and 500")]
    [InlineData("limit=0", "parameter 'limit' must be between 1 and 500")]
    [InlineData("min_score=high", "parameter 'min_score'")]
    [InlineData("sort=size", "parameter 'sort'")]
    [InlineData("source=alien", "parameter 'source'")]
    [InlineData("run=-3", "parameter 'run'")]
    [InlineData("cursor=bm9wZQ", "parameter 'cursor'")]
    [InlineData("ids=1,x", "parameter 'ids'")]
    public async Task ABadFilterOrPagingValueIs400NamingTheParameter(string query, string message)
    {
        await using var web = await TestService.Start(library.Library);
        await TestService.Problem(await web.Client.GetAsync("/api/v1/assets?" + query), 400, message);
    }

    [Theory]
    [InlineData("/api/v1/assets/999999", "no asset 999999")]
    [InlineData("/api/v1/assets/999999/file", "no asset 999999")]
    [InlineData("/api/v1/assets/999999/poster", "no asset 999999")]
    [InlineData("/api/v1/runs/999999", "no run 999999")]
    [InlineData("/api/v1/jobs/999999", "no job 999999")]
    [InlineData("/api/v1/collections/999999", "no collection 999999")]
    [InlineData("/api/v1/no-such-thing", "no such API route")]
    public async Task AnUnknownIdOrRouteIs404(string url, string message)
    {
        await using var web = await TestService.Start(library.Library);
        await TestService.Problem(await web.Client.GetAsync(url), 404, message);
    }

    [Fact]
    public async Task TheFileAnswersRangesETagsAndConditionalRequests()
    {
        await using var web = await TestService.Start(library.Library);
        using var lib = VidganLibrary.Open(library.Library, create: false);
        var asset = lib.Catalog.ListAssets(new AssetFilter(Source: AssetSource.Generated))[0];
        byte[] bytes = File.ReadAllBytes(lib.Blobs.PathFor(asset.Sha256));

        var whole = await web.Client.GetAsync($"/api/v1/assets/{asset.Id}/file");
        Assert.Equal(HttpStatusCode.OK, whole.StatusCode);
        Assert.Equal("video/mp4", whole.Content.Headers.ContentType?.MediaType);
        Assert.Equal(bytes, await whole.Content.ReadAsByteArrayAsync());
        Assert.Equal($"\"{asset.Sha256}\"", whole.Headers.ETag?.Tag);
        Assert.Contains("bytes", whole.Headers.AcceptRanges);

        var range = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/assets/{asset.Id}/file");
        range.Headers.Range = new RangeHeaderValue(100, 199);
        var part = await web.Client.SendAsync(range);
        Assert.Equal(HttpStatusCode.PartialContent, part.StatusCode);
        Assert.Equal(bytes[100..200], await part.Content.ReadAsByteArrayAsync());
        Assert.Equal($"bytes 100-199/{bytes.Length}", part.Content.Headers.ContentRange?.ToString());

        var again = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/assets/{asset.Id}/file");
        again.Headers.IfNoneMatch.Add(new EntityTagHeaderValue($"\"{asset.Sha256}\""));
        Assert.Equal(HttpStatusCode.NotModified, (await web.Client.SendAsync(again)).StatusCode);
    }

    [Fact]
    public async Task PostersAndPreviewsAreMadeOnceAndKeptInTheLibrary()
    {
        using var temp = new TempDir();
        string copy = library.Copy(temp);
        await using var web = await TestService.Start(copy);
        using var lib = VidganLibrary.Open(copy, create: false);
        var asset = lib.Catalog.ListAssets(new AssetFilter(Source: AssetSource.Real))[0];
        Assert.False(File.Exists(lib.Previews.PosterPath(asset.Sha256)));

        byte[] poster = await web.Client.GetByteArrayAsync($"/api/v1/assets/{asset.Id}/poster");
        Assert.Equal(new byte[] { 0xFF, 0xD8 }, poster[..2]);
        string kept = lib.Previews.PosterPath(asset.Sha256);
        var made = File.GetLastWriteTimeUtc(kept);
        Assert.Equal(poster, await web.Client.GetByteArrayAsync($"/api/v1/assets/{asset.Id}/poster"));
        Assert.Equal(made, File.GetLastWriteTimeUtc(kept));

        byte[] preview = await web.Client.GetByteArrayAsync($"/api/v1/assets/{asset.Id}/preview");
        Assert.Equal("ftyp", System.Text.Encoding.ASCII.GetString(preview, 4, 4));
        Assert.True(File.Exists(lib.Previews.PreviewPath(asset.Sha256)));
    }

    [Fact]
    public async Task AGeneratedAssetShowsItsLineageAndNearestTrainingClip()
    {
        await using var web = await TestService.Start(library.Library);
        long id = Ids(await web.Json("/api/v1/assets?source=generated&limit=1"))[0];
        var p = await web.Json($"/api/v1/assets/{id}");
        Assert.Equal("tiny", p.GetProperty("run").GetProperty("name").GetString());
        Assert.Equal(6, p.GetProperty("checkpoint").GetProperty("step").GetInt64());
        Assert.Equal(16, p.GetProperty("clip_set").GetProperty("size").GetInt32());
        int sources = p.GetProperty("source_video_count").GetInt32();
        Assert.InRange(sources, 2, 5);
        Assert.Equal(sources, p.GetProperty("source_videos").GetArrayLength());
        var nearest = p.GetProperty("nearest_training_clip");
        long source = nearest.GetProperty("asset_id").GetInt64();
        var real = await web.Json($"/api/v1/assets/{source}");
        Assert.Equal("real", real.GetProperty("asset").GetProperty("source").GetString());
        Assert.Equal("train", real.GetProperty("asset").GetProperty("split").GetString());
        Assert.Equal(1.0, nearest.GetProperty("duration_seconds").GetDouble(), 3);
    }

    [Fact]
    public async Task RunsShowConfigCheckpointsLossesAndSamplesButNoOtherFile()
    {
        await using var web = await TestService.Start(library.Library);
        long id = (await web.Json("/api/v1/runs"))[0].GetProperty("id").GetInt64();
        var run = await web.Json($"/api/v1/runs/{id}");
        Assert.Equal("tiny", run.GetProperty("name").GetString());
        Assert.Equal(16, run.GetProperty("config").GetProperty("model").GetProperty("size").GetInt32());
        Assert.Equal(
            [3L, 6L],
            run.GetProperty("checkpoints").EnumerateArray().Select(c => c.GetProperty("step").GetInt64())
        );
        // The trainer logs the first step and every tenth: a 6-step run has one point.
        var loss = Assert.Single(run.GetProperty("losses").EnumerateArray());
        Assert.Equal(1, loss.GetProperty("step").GetInt64());
        Assert.True(double.IsFinite(loss.GetProperty("loss_d").GetDouble()));
        var samples = run.GetProperty("samples").EnumerateArray().Select(s => s.GetString()).ToList();
        Assert.Contains("latest.png", samples);
        byte[] png = await web.Client.GetByteArrayAsync($"/api/v1/runs/{id}/samples/latest.png");
        Assert.Equal(0x89, png[0]);
        await TestService.Problem(
            await web.Client.GetAsync($"/api/v1/runs/{id}/samples/config.json"),
            404,
            "no sample file"
        );
        await TestService.Problem(
            await web.Client.GetAsync($"/api/v1/runs/{id}/samples/..%2Fconfig.json"),
            404,
            "no sample"
        );
    }

    [Fact]
    public async Task TheOpenApiDocumentListsEveryEndpoint()
    {
        await using var web = await TestService.Start(library.Library);
        var doc = await web.Json("/openapi/v1.json");
        var paths = doc.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToHashSet();
        foreach (
            string path in new[]
            {
                "/api/v1/assets",
                "/api/v1/assets/{id}",
                "/api/v1/assets/{id}/file",
                "/api/v1/assets/{id}/poster",
                "/api/v1/assets/{id}/preview",
                "/api/v1/assets/{id}/tags",
                "/api/v1/assets/{id}/review",
                "/api/v1/collections",
                "/api/v1/export.zip",
                "/api/v1/runs/{id}",
                "/api/v1/uploads",
                "/api/v1/jobs",
                "/api/v1/jobs/{id}/events",
                "/api/v1/jobs/{id}/cancel",
                "/api/v1/keys",
                "/api/v1/session",
            }
        )
            Assert.Contains(path, paths);
        var reference = await web.Client.GetAsync("/scalar/v1");
        Assert.Equal(HttpStatusCode.OK, reference.StatusCode);
        Assert.Contains("openapi/v1.json", await reference.Content.ReadAsStringAsync());
    }
}
