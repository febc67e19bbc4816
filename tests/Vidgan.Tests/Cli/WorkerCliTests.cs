using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Vidgan.Library;
using Vidgan.Tests.Support;

namespace Vidgan.Tests.Cli;

/// <summary>A server and three <c>vidgan worker</c> processes on loopback, over one PostgreSQL catalog and one library
/// folder, as a team runs them on several machines.</summary>
[Trait(Suites.Name, Suites.Cli)]
public class WorkerCliTests
{
    [Fact]
    public async Task AShardedGenerateJobRecordsEveryClipOnceThoughAWorkerIsKilledMidJob()
    {
        using var temp = new TempDir();
        using var database = new TestPostgres();
        TinyData.Shapes(temp["data"], perClass: 2, classes: 2);
        Ok(CliRunner.Run(temp.Path, "ingest", "data", "--size", "16", "--frames", "8", "--catalog", database.Url));
        Ok(CliRunner.Run(temp.Path, ["train", "--run", "r", "--steps", "2", "--arch", "dcgan3d"], CliSteps.TinyModel));
        using var catalog = new Catalog(database.Location);
        long run = catalog.Runs().Single().Id;

        using var team = await Team.Start(temp.Path);
        for (int i = 0; i < 3; i++)
            team.AddWorker();
        long job = await team.Submit(
            new
            {
                kind = "generate",
                run_id = run,
                count = 300,
                seed = 1,
            }
        );
        Assert.Equal(6, catalog.ShardsOf(job).Count);

        // Kill (SIGKILL) a worker while its shard has recorded some clips but not all.
        var victim = await Until(() =>
            catalog.ShardsOf(job).FirstOrDefault(s => s.State == JobState.Running && s.Step is > 0 and < 50)
        );
        team.Kill(int.Parse(victim.Worker!.Split(':')[1]));

        var ended = await Until(() => catalog.GetJob(job) is { Ended: true } j ? j : null, minutes: 6);
        Assert.True(ended.State == JobState.Succeeded, $"{ended.State}: {ended.Error}");
        var generated = catalog.ListAssets(new AssetFilter(Source: AssetSource.Generated));
        Assert.Equal(300, generated.Count);
        Assert.Equal(300, generated.Select(a => a.ContentSha256).Distinct().Count());
        Assert.Contains("\"generated\":300", ended.Result);
        var retried = catalog.GetJob(victim.Id)!;
        Assert.Contains("went silent", retried.Log);
        Assert.NotEqual(victim.Worker, retried.Worker);
    }

    [Fact]
    public async Task ATrainingJobWhoseWorkerIsKilledResumesFromItsLastCheckpointOnAnother()
    {
        using var temp = new TempDir();
        using var database = new TestPostgres();
        TinyData.Shapes(temp["data"], perClass: 2, classes: 2);
        Ok(CliRunner.Run(temp.Path, "ingest", "data", "--size", "16", "--frames", "8", "--catalog", database.Url));
        using var catalog = new Catalog(database.Location);

        using var team = await Team.Start(temp.Path);
        int first = team.AddWorker();
        long job = await team.Submit(
            new
            {
                kind = "train",
                run = "r",
                steps = 40,
                size = 16,
                frames = 8,
                settings = new
                {
                    batch = 4,
                    checkpoint_every = 5,
                    sample_every = 1000,
                    model = new
                    {
                        architecture = "dcgan3d",
                        generator_width = 8,
                        discriminator_width = 8,
                        z_dim = 16,
                    },
                },
            }
        );
        await Until(() =>
            catalog.GetJob(job) is { Ended: true } early
                ? throw new InvalidOperationException($"job ended early: {early.Error}\n{early.Log}")
                : catalog.Runs().SelectMany(r => catalog.Checkpoints(r.Id)).FirstOrDefault()
        );
        team.Kill(first);
        team.AddWorker();

        var ended = await Until(() => catalog.GetJob(job) is { Ended: true } j ? j : null, minutes: 5);
        Assert.True(ended.State == JobState.Succeeded, $"{ended.State}: {ended.Error}\n{ended.Log}");
        Assert.Contains("went silent", ended.Log);
        Assert.Contains("resuming r from its last checkpoint", ended.Log);
        Assert.Equal(40, catalog.Runs().Single().Steps);
    }

    [Fact]
    public void AWorkerRefusesALibraryOnSqliteAndAnUnknownQueue()
    {
        using var temp = new TempDir();
        Assert.Equal(0, CliRunner.Run(temp.Path, "library", "init").ExitCode);
        var sqlite = CliRunner.Run(temp.Path, "worker");
        Assert.Equal(1, sqlite.ExitCode);
        Assert.Contains("keeps its catalog in SQLite", sqlite.Stderr);

        var queues = CliRunner.Run(temp.Path, "worker", "--queues", "tpu");
        Assert.Equal(2, queues.ExitCode);
        Assert.Contains("--queues must name some of cpu, gpu", queues.Stderr);
    }

    /// <summary>A server that runs no jobs and the workers added to it, all killed at the end.</summary>
    sealed class Team : IDisposable
    {
        readonly string dir;
        readonly List<Process> processes = [];
        readonly HttpClient http;

        Team(string dir, int port)
        {
            this.dir = dir;
            processes.Add(WorkerCliTests.Start(dir, "serve", "--workers", "0", "--urls", $"http://127.0.0.1:{port}"));
            http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            http.DefaultRequestHeaders.Add("X-Vidgan-Csrf", "1");
        }

        public static async Task<Team> Start(string dir)
        {
            var team = new Team(dir, FreePort());
            await WaitForServer(team.http);
            return team;
        }

        /// <summary>Starts a worker on the cpu queue; returns its process id.</summary>
        public int AddWorker()
        {
            var worker = WorkerCliTests.Start(dir, "worker", "--queues", "cpu");
            processes.Add(worker);
            return worker.Id;
        }

        public void Kill(int pid) => processes.Single(p => p.Id == pid).Kill(entireProcessTree: true);

        public async Task<long> Submit(object request)
        {
            var response = await http.PostAsJsonAsync("/api/v1/jobs", request);
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        }

        public void Dispose()
        {
            foreach (var p in processes.Where(p => !p.HasExited))
                p.Kill(entireProcessTree: true);
            http.Dispose();
        }
    }

    static Process Start(string dir, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { WorkingDirectory = dir, UseShellExecute = false };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Vidgan.Cli.dll"));
        foreach (string a in args)
            psi.ArgumentList.Add(a);
        psi.Environment.Remove("VIDGAN_LIBRARY");
        return Process.Start(psi)!;
    }

    static async Task WaitForServer(HttpClient http) =>
        await Until(async () =>
        {
            try
            {
                return await http.GetStringAsync("/api/v1/session");
            }
            catch (HttpRequestException)
            {
                return null;
            }
        });

    static Task<T> Until<T>(Func<T?> probe, int minutes = 3)
        where T : class => Until(() => Task.FromResult(probe()), minutes);

    static async Task<T> Until<T>(Func<Task<T?>> probe, int minutes = 3)
        where T : class
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromMinutes(minutes))
        {
            if (await probe() is T found)
                return found;
            await Task.Delay(200);
        }
        throw new TimeoutException($"nothing after {minutes} min");
    }

    static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }

    static CliResult Ok(CliResult r)
    {
        Assert.True(r.ExitCode == 0, r.ToString());
        return r;
    }
}
