using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Vidgan.Library;
using Vidgan.Tests.Support;
using Vidgan.Web;

namespace Vidgan.Tests.Web;

/// <summary>Uploads (probed, size-limited, nothing kept from a bad one) and security (keys by role, the browser's
/// session cookie, CSRF).</summary>
[Trait(Suites.Name, Suites.Cli)]
public sealed class UploadAndAuthTests(WebLibrary library) : IClassFixture<WebLibrary>
{
    static HttpRequestMessage Upload(string name, byte[] bytes)
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "files", name);
        var request = TestService.Request(HttpMethod.Post, "/api/v1/uploads");
        request.Content = form;
        return request;
    }

    static IEnumerable<string> Files(string dir) =>
        Directory.Exists(dir) ? Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories) : [];

    byte[] AVideo() => File.ReadAllBytes(Path.Combine(library.Temp["data"], "circle_1.mp4"));

    [Fact]
    public async Task AnUploadedVideoWaitsInTheInboxAndAnIngestJobTakesIt()
    {
        using var temp = new TempDir();
        string copy = library.Copy(temp);
        await using var web = await TestService.Start(copy);
        var response = await web.Client.SendAsync(Upload("../../evil name.mp4", AVideo()));
        var accepted = Assert.Single((await TestService.Body(response)).EnumerateArray());
        Assert.Equal("evil_name.mp4", accepted.GetProperty("name").GetString());
        Assert.Equal(32, accepted.GetProperty("width").GetInt32());
        Assert.Equal(
            ["evil_name.mp4"],
            (await web.Json("/api/v1/uploads")).EnumerateArray().Select(e => e.GetString())
        );
        Assert.False(File.Exists(Path.Combine(temp.Path, "evil name.mp4")));

        using var lib = VidganLibrary.Open(copy, create: false);
        long job = Vidgan.Jobs.JobRunner.Submit(lib, new Vidgan.Jobs.IngestJob { Size = 16, Frames = 8 }).Id;
        Vidgan.Jobs.JobRunner.Run(copy, job, "test", CancellationToken.None);
        Assert.Equal(JobState.Succeeded, lib.Catalog.GetJob(job)!.State);
        // The same bytes as circle_1.mp4 are in the library already: recorded once, and the inbox is emptied.
        Assert.Contains("\"already_present\":1", lib.Catalog.GetJob(job)!.Result);
        // It is the only video cut at 16×16×8, and one video cannot give both training and held-out clips.
        Assert.Contains("\"split_gaps\":[\"class circle has no ", lib.Catalog.GetJob(job)!.Result);
        Assert.Empty(Directory.EnumerateFiles(lib.Inbox));
    }

    [Fact]
    public async Task ANonVideoIs422WithIngestsReasonAndNothingIsKept()
    {
        using var temp = new TempDir();
        string copy = library.Copy(temp);
        await using var web = await TestService.Start(copy);
        var response = await web.Client.SendAsync(Upload("notes.mp4", "just some text, not a video"u8.ToArray()));
        // Named as the client sent it: the server's temporary path stays out of the reason.
        await TestService.Problem(response, 422, "notes.mp4: not a readable video: notes.mp4: ");
        using var lib = VidganLibrary.Open(copy, create: false);
        Assert.Empty(Files(lib.Inbox));
        await TestService.Problem(
            await web.Send(HttpMethod.Post, "/api/v1/jobs", new { kind = "ingest" }),
            400,
            "inbox is empty"
        );
    }

    [Fact]
    public async Task AnUploadCutShortOrOfTheWrongTypeIsTheClientsErrorAndNothingIsKept()
    {
        using var temp = new TempDir();
        string copy = library.Copy(temp);
        await using var web = await TestService.Start(copy);
        byte[] head = File.ReadAllBytes(Path.Combine(library.Temp["data"], "circle_1.mp4"))[..500];
        var cut = TestService.Request(HttpMethod.Post, "/api/v1/uploads");
        cut.Content = new ByteArrayContent([
            .. "--XYZ\r\nContent-Disposition: form-data; name=\"files\"; filename=\"cut.mp4\"\r\n\r\n"u8.ToArray(),
            .. head,
        ]);
        cut.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=XYZ");
        await TestService.Problem(await web.Client.SendAsync(cut), 400, "multipart body is cut short or malformed");

        var json = TestService.Request(HttpMethod.Post, "/api/v1/uploads");
        json.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
        await TestService.Problem(
            await web.Client.SendAsync(json),
            415,
            "POST /api/v1/uploads does not take a body of type 'application/json"
        );
        await TestService.Problem(
            await web.Client.SendAsync(TestService.Request(HttpMethod.Patch, "/api/v1/assets/1")),
            405,
            "PATCH is not allowed on /api/v1/assets/1"
        );
        using var lib = VidganLibrary.Open(copy, create: false);
        Assert.Empty(Files(lib.Inbox));
    }

    [Fact]
    public async Task AnUploadOverTheLimitIs413()
    {
        using var temp = new TempDir();
        string copy = library.Copy(temp);
        await using var web = await TestService.Start(
            new ServeOptions
            {
                LibraryRoot = copy,
                RunJobs = false,
                MaxUploadBytes = 1000,
            }
        );
        await TestService.Problem(
            await web.Client.SendAsync(Upload("big.mp4", AVideo())),
            413,
            "larger than the limit"
        );
        using var lib = VidganLibrary.Open(copy, create: false);
        Assert.Empty(Files(lib.Inbox));
    }

    [Fact]
    public async Task KeysGrantTheirRoleAndNothingMore()
    {
        using var temp = new TempDir();
        string copy = library.Copy(temp);
        string viewer,
            editor,
            admin;
        using (var lib = VidganLibrary.Open(copy, create: false))
        {
            viewer = ApiKeys.Create(lib, ApiKeyRole.Viewer, "reader").Key;
            editor = ApiKeys.Create(lib, ApiKeyRole.Editor, null).Key;
            admin = ApiKeys.Create(lib, ApiKeyRole.Admin, null).Key;
            Assert.DoesNotContain(lib.Catalog.ApiKeys(), k => viewer.Contains(k.Prefix + "x"));
        }
        Assert.DoesNotContain(viewer, File.ReadAllText(Path.Combine(copy, "catalog.db"), System.Text.Encoding.Latin1));
        await using var web = await TestService.Start(
            new ServeOptions
            {
                LibraryRoot = copy,
                RunJobs = false,
                ForceKeys = true,
            }
        );
        long id = (await TestService.Body(await web.ClientWith(viewer).GetAsync("/api/v1/assets?limit=1")))
            .GetProperty("items")[0]
            .GetProperty("id")
            .GetInt64();

        await TestService.Problem(await web.ClientWith(null).GetAsync("/api/v1/assets"), 401, "API key is required");
        await TestService.Problem(
            await web.ClientWith("vgk_" + new string('0', 64)).GetAsync("/api/v1/assets"),
            401,
            ""
        );
        var tag = () => TestService.Request(HttpMethod.Post, $"/api/v1/assets/{id}/tags", new { tags = new[] { "x" } });
        await TestService.Problem(await web.ClientWith(viewer).SendAsync(tag()), 403, "role");
        Assert.Equal(HttpStatusCode.OK, (await web.ClientWith(editor).SendAsync(tag())).StatusCode);
        await TestService.Problem(await web.ClientWith(editor).GetAsync("/api/v1/keys"), 403, "role");

        var made = await web.ClientWith(admin)
            .SendAsync(TestService.Request(HttpMethod.Post, "/api/v1/keys", new { role = "viewer", name = "ci" }));
        var body = await TestService.Body(made);
        string fresh = body.GetProperty("key").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await web.ClientWith(fresh).GetAsync("/api/v1/assets")).StatusCode);
        long keyId = body.GetProperty("record").GetProperty("id").GetInt64();
        await web.ClientWith(admin).SendAsync(TestService.Request(HttpMethod.Delete, $"/api/v1/keys/{keyId}"));
        await TestService.Problem(await web.ClientWith(fresh).GetAsync("/api/v1/assets"), 401, "");
    }

    [Fact]
    public async Task ABrowserSignsInOnceAndItsCookieNeedsTheCsrfHeaderToChangeAnything()
    {
        using var temp = new TempDir();
        string copy = library.Copy(temp);
        string editor;
        using (var lib = VidganLibrary.Open(copy, create: false))
            editor = ApiKeys.Create(lib, ApiKeyRole.Editor, "browser").Key;
        await using var web = await TestService.Start(
            new ServeOptions
            {
                LibraryRoot = copy,
                RunJobs = false,
                ForceKeys = true,
            }
        );
        var browser = web.ClientWith(null);
        await TestService.Problem(
            await browser.SendAsync(TestService.Request(HttpMethod.Post, "/api/v1/session", new { key = "vgk_wrong" })),
            401,
            "wrong"
        );
        var signIn = await browser.SendAsync(
            TestService.Request(HttpMethod.Post, "/api/v1/session", new { key = editor })
        );
        string cookie = signIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("vidgan_session="));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        string pair = cookie.Split(';')[0];
        var who = new HttpRequestMessage(HttpMethod.Get, "/api/v1/session");
        who.Headers.Add("Cookie", pair);
        var me = await TestService.Body(await browser.SendAsync(who));
        Assert.Equal("browser", me.GetProperty("name").GetString());
        Assert.Equal("editor", me.GetProperty("role").GetString());
        Assert.True(me.GetProperty("keys_required").GetBoolean());

        var list = new HttpRequestMessage(HttpMethod.Get, "/api/v1/assets?limit=1");
        list.Headers.Add("Cookie", pair);
        var page = await TestService.Body(await browser.SendAsync(list));
        long id = page.GetProperty("items")[0].GetProperty("id").GetInt64();

        var forged = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/assets/{id}/review")
        {
            Content = JsonContent(new { review = "rejected" }),
        };
        forged.Headers.Add("Cookie", pair);
        await TestService.Problem(await browser.SendAsync(forged), 403, "X-Vidgan-Csrf");
        var crossSite = TestService.Request(HttpMethod.Put, $"/api/v1/assets/{id}/review", new { review = "rejected" });
        crossSite.Headers.Add("Cookie", pair);
        crossSite.Headers.Add("Origin", "https://evil.example");
        await TestService.Problem(await browser.SendAsync(crossSite), 403, "evil.example");
        var own = TestService.Request(HttpMethod.Put, $"/api/v1/assets/{id}/review", new { review = "kept" });
        own.Headers.Add("Cookie", pair);
        Assert.Equal(HttpStatusCode.OK, (await browser.SendAsync(own)).StatusCode);
        using var check = VidganLibrary.Open(copy, create: false);
        Assert.Equal(Review.Kept, check.Catalog.GetAsset(id)!.Review);
    }

    [Fact]
    public void OnlyLoopbackAddressesServeWithoutKeys()
    {
        Assert.False(new ServeOptions { LibraryRoot = "x" }.RequireKeys);
        Assert.False(
            new ServeOptions { LibraryRoot = "x", Urls = "http://localhost:5000;http://[::1]:5001" }.RequireKeys
        );
        Assert.True(new ServeOptions { LibraryRoot = "x", Urls = "http://0.0.0.0:8080" }.RequireKeys);
        Assert.True(
            new ServeOptions { LibraryRoot = "x", Urls = "http://127.0.0.1:8080;http://192.168.1.5:8080" }.RequireKeys
        );
        Assert.True(new ServeOptions { LibraryRoot = "x", ForceKeys = true }.RequireKeys);
    }

    static StringContent JsonContent(object body) =>
        new(JsonSerializer.Serialize(body, TestService.JsonOptions), System.Text.Encoding.UTF8, "application/json");
}
