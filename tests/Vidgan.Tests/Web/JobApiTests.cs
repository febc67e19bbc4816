using System.Net;
using System.Text.Json;
using Vidgan.Library;
using Vidgan.Tests.Support;

namespace Vidgan.Tests.Web;

/// <summary>Jobs through the API with Hangfire running them: live progress over Server-Sent Events, failures with
/// their one-line error, cancellation, a restart of the server in the middle of training, and readers that never
/// see the database locked while a job writes.</summary>
[Trait(Suites.Name, Suites.Cli)]
public sealed class JobApiTests(WebLibrary library) : IClassFixture<WebLibrary>
{
    static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    /// <summary>Posts a job and asserts the problem it answers.</summary>
    static async Task Refused(TestService web, object body, int status, string detail) =>
        await TestService.Problem(await web.Send(HttpMethod.Post, "/api/v1/jobs", body), status, detail);

    static object TinyTraining(string run) =>
        new
        {
            kind = "train",
            run,
            steps = 1_000_000,
            size = 16,
            settings = new
            {
                batch = 4,
                checkpoint_every = 5,
                sample_every = 1000,
                model = new
                {
                    generator_width = 8,
                    discriminator_width = 8,
                    z_dim = 16,
                },
            },
        };

    static async Task<long> Submit(TestService web, object request)
    {
        var response = await web.Send(HttpMethod.Post, "/api/v1/jobs", request);
        var body = await TestService.Body(response);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, body.ToString());
        return body.GetProperty("id").GetInt64();
    }

    /// <summary>Starts a generate job from the library's run.</summary>
    static async Task<long> Generate(TestService web, int count, int seed)
    {
        long run = (await web.Json("/api/v1/runs"))[0].GetProperty("id").GetInt64();
        return await Submit(
            web,
            new
            {
                kind = "generate",
                run_id = run,
                count,
                seed,
            }
        );
    }

    static async Task<JsonElement> WaitFor(TestService web, long id, Func<JsonElement, bool> until)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var job = await web.Json($"/api/v1/jobs/{id}");
            if (until(job))
                return job;
            Assert.True(clock.Elapsed < Patience, $"job {id} never got there: {job}");
            await Task.Delay(200);
        }
    }

    static string State(JsonElement job) => job.GetProperty("state").GetString()!;

    [Fact]
    public async Task AGenerateJobStreamsItsProgressUntilItSucceeds()
    {
        using var temp = new TempDir();
        string copy = library.Copy(temp);
        await using var web = await TestService.Start(copy, runJobs: true);
        long id = await Generate(web, count: 20, seed: 5000);

        using var stream = await web.Client.GetStreamAsync($"/api/v1/jobs/{id}/events");
        using var reader = new StreamReader(stream);
        var events = new List<JsonElement>();
        while (await reader.ReadLineAsync() is string line)
            if (line.StartsWith("data: "))
                events.Add(JsonDocument.Parse(line[6..]).RootElement);
        Assert.Equal("succeeded", State(events[^1]));
        var progress = events.Select(e => e.GetProperty("progress").GetDouble()).ToList();
        Assert.Equal(progress.Order(), progress);
        Assert.Equal(1.0, progress[^1]);
        Assert.Equal("20 of 20 clips", events[^1].GetProperty("message").GetString());
        var made = events[^1].GetProperty("result").GetProperty("asset_ids").EnumerateArray().Select(e => e.GetInt64());
        using var lib = VidganLibrary.Open(copy, create: false);
        Assert.All(made, a => Assert.Equal(AssetSource.Generated, lib.Catalog.GetAsset(a)!.Source));
        Assert.Equal(26, lib.Catalog.ListAssets(new AssetFilter(Source: AssetSource.Generated)).Count);
        var listed = Assert.Single((await web.Json("/api/v1/jobs")).EnumerateArray());
        Assert.Equal(id, listed.GetProperty("id").GetInt64());
        Assert.Equal("generate", listed.GetProperty("request").GetProperty("kind").GetString());
    }

    [Fact]
    public async Task ABadRequestIsRefusedAndAFailingJobShowsItsError()
    {
        using var temp = new TempDir();
        string copy = library.Copy(temp);
        await using var web = await TestService.Start(copy, runJobs: true);
        await Refused(web, new { kind = "paint" }, 400, "parameter 'kind'");
        await Refused(web, new { kind = "generate", run_id = 999 }, 404, "no run 999");
        await Refused(
            web,
            new
            {
                kind = "generate",
                run_id = 1,
                count = 0,
            },
            400,
            "parameter 'count'"
        );
        await Refused(web, new { kind = "train", run = "../../etc" }, 400, "parameter 'run'");
        await Refused(web, new { kind = "generate", run_id = "one" }, 400, "run_id");

        long id = await Submit(
            web,
            new
            {
                kind = "train",
                run = "broken",
                steps = 3,
                settings = new { batch = -1 },
            }
        );
        var job = await WaitFor(web, id, j => State(j) is "failed" or "succeeded");
        Assert.Equal("failed", State(job));
        Assert.Contains("batch", job.GetProperty("error").GetString());
        Assert.DoesNotContain('\n', job.GetProperty("error").GetString()!);
        using var lib = VidganLibrary.Open(copy, create: false);
        Assert.Single(lib.Catalog.Runs());
    }

    [Fact]
    public async Task MalformedRequestsAreRefusedNamingWhatIsWrong()
    {
        using var temp = new TempDir();
        string copy = library.Copy(temp);
        await using var web = await TestService.Start(copy, runJobs: false);
        var request = TestService.Request(HttpMethod.Post, "/api/v1/jobs");
        request.Content = new StringContent(
            """{ "kind": "train", "run": "twice", "settings": { "batch": 8, "batch": 4 } }""",
            System.Text.Encoding.UTF8,
            "application/json"
        );
        await TestService.Problem(await web.Client.SendAsync(request), 400, "batch");

        // Bodies that once answered 500: not an object, a budget longer than any clock, a value not in a list.
        await Refused(web, new[] { 1, 2 }, 400, "must be a JSON object");
        await Refused(
            web,
            new
            {
                kind = "train",
                run = "long",
                minutes = 1e300,
            },
            400,
            "parameter 'minutes' must be positive and at most"
        );
        await Refused(
            web,
            new
            {
                kind = "generate",
                run_id = 1,
                format = "bmp",
            },
            400,
            "parameter 'format' must be one of mp4, gif, webm, png, mkv"
        );
        Assert.Empty((await web.Json("/api/v1/jobs")).EnumerateArray());
    }

    [Fact]
    public async Task ASweepRunsOneTrainingJobPerConfigurationAndEndsWhenTheyHave()
    {
        using var temp = new TempDir();
        string copy = library.Copy(temp);
        await using var web = await TestService.Start(copy, runJobs: true);
        object Run(string name, int width)
        {
            return new
            {
                run = name,
                steps = 2,
                size = 16,
                settings = new
                {
                    batch = 4,
                    sample_every = 1000,
                    model = new
                    {
                        generator_width = width,
                        discriminator_width = 8,
                        z_dim = 16,
                    },
                },
            };
        }
        long id = await Submit(web, new { kind = "sweep", runs = new[] { Run("narrow", 4), Run("wide", 8) } });
        var ended = await WaitFor(web, id, j => State(j) is not ("queued" or "running"));
        Assert.Equal("succeeded", State(ended));
        Assert.Equal(2, ended.GetProperty("shards").GetInt32());
        Assert.Equal(2, ended.GetProperty("result").GetProperty("runs").GetArrayLength());
        var jobs = await web.Json("/api/v1/jobs");
        var shards = jobs.EnumerateArray().Where(j => j.TryGetProperty("parent_id", out var p) && p.GetInt64() == id);
        Assert.Equal(["train", "train"], shards.Select(j => j.GetProperty("kind").GetString()));
        using var lib = VidganLibrary.Open(copy, create: false);
        var widths = lib
            .Catalog.Runs()
            .Where(r => r.RunDir.EndsWith("narrow") || r.RunDir.EndsWith("wide"))
            .Select(r => System.Text.Json.Nodes.JsonNode.Parse(r.Config)!["model"]!["generator_width"]!.GetValue<int>())
            .Order();
        Assert.Equal([4, 8], widths);

        await Refused(web, new { kind = "sweep", runs = new[] { Run("a", 4), Run("a", 8) } }, 400, "names a run twice");
    }

    [Fact]
    public async Task TrainingSurvivesARestartResumesAndStopsCleanlyWhenCancelled()
    {
        using var temp = new TempDir();
        string copy = library.Copy(temp);
        long id;
        long before;
        await using (var first = await TestService.Start(copy, runJobs: true))
        {
            id = await Submit(first, TinyTraining("long"));
            var running = await WaitFor(
                first,
                id,
                j => j.TryGetProperty("log", out var log) && log.GetString()!.Contains("checkpoint")
            );
            Assert.Equal("running", State(running));
        }
        using (var lib = VidganLibrary.Open(copy, create: false))
        {
            var job = lib.Catalog.GetJob(id)!;
            Assert.Equal(JobState.Queued, job.State);
            Assert.Contains("shutting down", job.Log);
            var run = lib.Catalog.Runs().Single(r => r.RunDir.EndsWith("long"));
            before = lib.Catalog.Checkpoints(run.Id).Max(c => c.Step);
            Assert.True(before > 0, "the first service wrote a checkpoint past step 0");
        }
        await using (var second = await TestService.Start(copy, runJobs: true))
        {
            // The log keeps the first service's lines (its "training from step 0" among them), and the resumed job
            // writes "resuming" a moment before its own "training from step": wait for the latter.
            await WaitFor(second, id, j => j.GetProperty("log").GetString()!.Contains($"training from step {before} "));
            var log = (await second.Json($"/api/v1/jobs/{id}")).GetProperty("log").GetString();
            Assert.Contains("resuming long", log);
            await WaitFor(second, id, j => j.TryGetProperty("step", out var s) && s.GetInt64() > before + 5);
            var cancel = await second.Send(HttpMethod.Post, $"/api/v1/jobs/{id}/cancel");
            Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
            var ended = await WaitFor(second, id, j => State(j) != "running" && State(j) != "queued");
            Assert.Equal("cancelled", State(ended));
            await TestService.Problem(
                await second.Send(HttpMethod.Post, $"/api/v1/jobs/{id}/cancel"),
                409,
                "already ended"
            );
        }
        using var check = VidganLibrary.Open(copy, create: false);
        var longRun = check.Catalog.Runs().Single(r => r.RunDir.EndsWith("long"));
        long last = check.Catalog.Checkpoints(longRun.Id).Max(c => c.Step);
        Assert.True(last > before, $"{last} after {before}");
        Assert.True(File.Exists(Path.Combine(longRun.RunDir, "checkpoints", $"step-{last:D8}.vgck")));
    }

    [Fact]
    public async Task ReadersNeverSeeTheDatabaseLockedWhileAJobWrites()
    {
        using var temp = new TempDir();
        string copy = library.Copy(temp);
        await using var web = await TestService.Start(copy, runJobs: true);
        long id = await Generate(web, count: 96, seed: 9000);
        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        int requests = 0;
        async Task Reader(int n)
        {
            while (true)
            {
                foreach (
                    string url in new[]
                    {
                        "/api/v1/assets?sort=created&limit=50",
                        $"/api/v1/jobs/{id}",
                        "/api/v1/assets?tag=synthetic",
                    }
                )
                {
                    var r = await web.Client.GetAsync(url);
                    Interlocked.Increment(ref requests);
                    if (!r.IsSuccessStatusCode)
                        failures.Add($"{url}: {(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}");
                }
                var job = await web.Json($"/api/v1/jobs/{id}");
                if (State(job) is not ("queued" or "running"))
                    return;
            }
        }
        await Task.WhenAll(Enumerable.Range(0, 8).Select(Reader));
        Assert.Empty(failures);
        Assert.True(requests > 24);
        Assert.Equal("succeeded", State(await web.Json($"/api/v1/jobs/{id}")));
    }
}
