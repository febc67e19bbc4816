using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Vidgan.Data;
using Vidgan.Library;

namespace Vidgan.Bench;

/// <summary>Generate throughput with 1, 2 and 3 <c>vidgan worker</c> processes: a library on a throw-away PostgreSQL
/// server (<c>scripts/test-postgres.sh</c>), a server that runs no jobs itself, and for each worker count one generate
/// job of <c>--count</c> clips (sharded), timed from submission until its last shard ends, end to end into the
/// library (sampling, scoring, nearest-clip search, encoding, signing, catalog).</summary>
public static class WorkersBench
{
    public static void Run(BenchArgs a)
    {
        int count = a.Get("--count", 300);
        int size = a.Get("--size", 32);
        int steps = a.Get("--steps", 20);
        int maxWorkers = a.Get("--workers", 3);
        string work = Directory.CreateTempSubdirectory("vidgan-bench-workers-").FullName;
        // Its own folder in /tmp: PostgreSQL's user must reach it, and the work folder is the caller's alone.
        string postgres = Directory.CreateTempSubdirectory("vidgan-bench-postgres-").FullName;
        var processes = new List<Process>();
        try
        {
            Script("start", postgres);
            string url = File.ReadAllText(Path.Combine(postgres, "url")).Trim().Replace("/postgres", "/vidgan");
            Psql(File.ReadAllText(Path.Combine(postgres, "url")).Trim(), "CREATE DATABASE vidgan");
            ShapesDataset.Write(Path.Combine(work, "data"), new ShapesDataset.Options(4, Size: size, Frames: 16));
            Cli(work, "ingest", "data", "--size", $"{size}", "--frames", "16", "--catalog", url);
            Cli(work, "train", "--run", "r", "--steps", $"{steps}");
            using var catalog = new Catalog(CatalogLocation.Parse(url));
            long run = catalog.Runs().Single().Id;
            int port = FreePort();
            processes.Add(Start(work, "serve", "--workers", "0", "--urls", $"http://127.0.0.1:{port}"));
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            http.DefaultRequestHeaders.Add("X-Vidgan-Csrf", "1");
            Wait(() => Try(() => http.GetStringAsync("/api/v1/session").Result) != null, TimeSpan.FromMinutes(2));

            var report = a.Report("Generate throughput with 1–3 workers", "workers.md");
            report.Line(
                $"{count} clips per job ({count / Jobs.JobShards.GenerateShard} shards of "
                    + $"{Jobs.JobShards.GenerateShard}), {size}×{size}×16, MP4 into the library (signed, watermarked "
                    + $"where the size allows), model from `train --steps {steps}` (default architecture). Each worker "
                    + "takes one job at a time (`--concurrency 1`) with libtorch's default threads (one per core); the "
                    + "server runs none (`--workers 0`). Timed from submission until the last shard ended."
            );
            report.Line($"CPU: {Cpu()}.");
            report.Line();
            report.Line("| workers | seconds | clips/s | vs 1 worker | shards run by each worker |");
            report.Line("|---:|---:|---:|---:|---|");
            double? one = null;
            for (int n = 1; n <= maxWorkers; n++)
            {
                var workers = Enumerable.Range(0, n).Select(_ => Start(work, "worker", "--queues", "cpu")).ToList();
                processes.AddRange(workers);
                Thread.Sleep(TimeSpan.FromSeconds(5));
                var clock = Stopwatch.StartNew();
                var response = http.PostAsJsonAsync(
                    "/api/v1/jobs",
                    new
                    {
                        kind = "generate",
                        run_id = run,
                        count,
                        seed = n * 1_000_000,
                    }
                ).Result;
                long job = response.Content.ReadFromJsonAsync<JsonElement>().Result.GetProperty("id").GetInt64();
                Wait(() => catalog.GetJob(job)!.Ended, TimeSpan.FromMinutes(30));
                double seconds = clock.Elapsed.TotalSeconds;
                var ended = catalog.GetJob(job)!;
                if (ended.State != JobState.Succeeded)
                    throw new InvalidOperationException($"job {job} {ended.State}: {ended.Error}");
                double rate = count / seconds;
                one ??= rate;
                var perWorker = catalog.ShardsOf(job).GroupBy(s => s.Worker).Select(g => g.Count()).OrderDescending();
                report.Line(
                    $"| {n} | {seconds:0.0} | {rate:0.00} | {rate / one.Value:0.00}× | {string.Join(", ", perWorker)} |"
                );
                foreach (var w in workers)
                    w.Kill(entireProcessTree: true);
                Thread.Sleep(TimeSpan.FromSeconds(2));
            }
            report.Save();
        }
        finally
        {
            foreach (var p in processes.Where(p => !p.HasExited))
                p.Kill(entireProcessTree: true);
            Script("stop", postgres);
            Directory.Delete(work, recursive: true);
        }
    }

    static string Cpu()
    {
        var lines = File.ReadLines("/proc/cpuinfo").TakeWhile(l => l.Length > 0).ToList();
        string model = lines.FirstOrDefault(l => l.StartsWith("model name"))?.Split(':')[1].Trim() ?? "unknown";
        string flags = lines.FirstOrDefault(l => l.StartsWith("flags")) ?? "";
        string[] kinds = ["avx512_bf16", "amx_tile"];
        var has = kinds.Where(k => flags.Contains(k)).ToList();
        return $"{model}, {Environment.ProcessorCount} cores" + (has.Count > 0 ? $" ({string.Join(", ", has)})" : "");
    }

    static string Dll => Path.Combine(AppContext.BaseDirectory, "Vidgan.Cli.dll");

    static Process Start(string dir, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = dir,
            UseShellExecute = false,
            RedirectStandardOutput = true,
        };
        psi.ArgumentList.Add(Dll);
        foreach (string arg in args)
            psi.ArgumentList.Add(arg);
        var p = Process.Start(psi)!;
        p.OutputDataReceived += (_, _) => { };
        p.BeginOutputReadLine();
        return p;
    }

    static void Cli(string dir, params string[] args)
    {
        using var p = Start(dir, args);
        p.WaitForExit();
        if (p.ExitCode != 0)
            throw new InvalidOperationException($"vidgan {string.Join(' ', args)} failed");
    }

    static void Script(string action, string dir)
    {
        var psi = new ProcessStartInfo("bash") { UseShellExecute = false };
        foreach (string arg in new[] { Path.Combine(BenchArgs.Repo, "scripts", "test-postgres.sh"), action, dir })
            psi.ArgumentList.Add(arg);
        using var p = Process.Start(psi)!;
        p.WaitForExit();
        if (p.ExitCode != 0)
            throw new InvalidOperationException($"test-postgres.sh {action} failed");
    }

    static void Psql(string url, string sql)
    {
        using var connection = new Npgsql.NpgsqlConnection(CatalogLocation.Parse(url).Target);
        connection.Open();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    static T? Try<T>(Func<T> f)
        where T : class
    {
        try
        {
            return f();
        }
        catch (AggregateException)
        {
            return null;
        }
    }

    static void Wait(Func<bool> done, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        while (!done())
        {
            if (clock.Elapsed > limit)
                throw new TimeoutException($"not done after {limit}");
            Thread.Sleep(250);
        }
    }

    static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }
}
