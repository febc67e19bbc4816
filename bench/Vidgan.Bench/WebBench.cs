using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Vidgan.Data;
using Vidgan.Library;
using Vidgan.Media;
using Vidgan.Web;

namespace Vidgan.Bench;

/// <summary>The web service under load: a library of N asset records (pointing, through symbolic links, at the files
/// of a few real clips), served by Kestrel on loopback and measured with Debian's <c>wrk</c> for the list endpoint
/// with filters, the poster endpoint and the asset page, each for a fixed time.</summary>
public static partial class WebBench
{
    sealed record Result(string Name, string Path, double RequestsPerSecond, double P50, double P99, long Errors);

    public static void Run(BenchArgs a)
    {
        int count = a.Get("--assets", 10_000);
        int seconds = a.Get("--seconds", 10);
        int connections = a.Get("--connections", 16);
        int warmPosters = a.Get("--posters", 200);
        string work = Directory.CreateTempSubdirectory("vidgan-bench-web-").FullName;
        try
        {
            string root = Path.Combine(work, "library");
            var ids = Populate(root, Path.Combine(work, "clips"), count);
            var app = VidganServer.Build(
                new ServeOptions
                {
                    LibraryRoot = root,
                    Urls = "http://127.0.0.1:0",
                    RunJobs = false,
                }
            );
            app.StartAsync().GetAwaiter().GetResult();
            string address = app
                .Services.GetRequiredService<IServer>()
                .Features.Get<IServerAddressesFeature>()!
                .Addresses.First();
            using var http = new HttpClient { BaseAddress = new Uri(address) };
            var rng = new Random(1);
            var posterIds = ids.OrderBy(_ => rng.Next()).Take(warmPosters).ToArray();
            var clock = Stopwatch.StartNew();
            foreach (long id in posterIds)
                http.GetByteArrayAsync($"/api/v1/assets/{id}/poster").GetAwaiter().GetResult();
            double warm = clock.Elapsed.TotalSeconds;

            string script = Path.Combine(work, "ids.lua");
            var results = new List<Result>
            {
                Wrk(
                    "list, 3 filters, sorted by score",
                    address + "/api/v1/assets?source=generated&class=circle&min_score=0.5&sort=score&limit=60",
                    seconds,
                    connections,
                    null
                ),
                Wrk(
                    "list, text search and tag",
                    address + "/api/v1/assets?q=square_1&tag=favourite&limit=60",
                    seconds,
                    connections,
                    null
                ),
                Wrk(
                    "list, newest first, page 2 (cursor)",
                    address + "/api/v1/assets?sort=created&limit=60&cursor=" + SecondPage(http),
                    seconds,
                    connections,
                    null
                ),
                Wrk(
                    "poster (cached JPEG), random asset",
                    address,
                    seconds,
                    connections,
                    Script(script, posterIds, "/api/v1/assets/{0}/poster")
                ),
                Wrk(
                    "asset page (provenance JSON), random asset",
                    address,
                    seconds,
                    connections,
                    Script(script, ids.OrderBy(_ => rng.Next()).Take(1000), "/api/v1/assets/{0}")
                ),
                Wrk("gallery HTML", address + "/", seconds, connections, null),
            };
            app.StopAsync().GetAwaiter().GetResult();

            var report = a.Report("Web service under load", a.Get("--file", "web.md"));
            report.Line(
                $"A library of {count:N0} asset records (symbolic links to the files of 12 real clips, so that every "
                    + "record has a file), served by `vidgan serve`'s Kestrel on loopback, measured by Debian's `wrk` "
                    + $"(`-t2 -c{connections} -d{seconds}s --latency`) on the same 2 cores as the server. "
                    + $"{warmPosters} posters were made first ({warm:0.0} s, FFmpeg once each) and then served from "
                    + "the library's cache."
            );
            report.Line(
                $"CPU: {Cpu()}. The targets are list p99 under 50 ms and at least 1,000 requests/s on 2 cores."
            );
            report.Line();
            report.Line("| request | requests/s | p50 ms | p99 ms | errors |");
            report.Line("| --- | --- | --- | --- | --- |");
            foreach (var r in results)
                report.Line(
                    $"| {r.Name} (`{r.Path}`) | {r.RequestsPerSecond:N0} | {r.P50:0.00} | {r.P99:0.00} | {r.Errors} |"
                );
            report.Save();
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>Ingests 12 real clips, then records <paramref name="count"/> assets whose blobs are hard links to
    /// them, with varied sources, classes, scores, tags and dates.</summary>
    static List<long> Populate(string root, string clips, int count)
    {
        ShapesDataset.Write(clips, new ShapesDataset.Options(4));
        using var lib = VidganLibrary.Open(root, create: true);
        new Ingestor(lib, new IngestOptions(Size: 32, Frames: 16)).Run(clips);
        var real = lib.Catalog.ListAssets(new AssetFilter());
        var rng = new Random(7);
        string[] classes = ["circle", "square", "triangle"];
        var ids = new List<long>();
        using var tx = lib.Catalog.BeginTransaction();
        for (int i = 0; i < count; i++)
        {
            var source = real[i % real.Count];
            string sha = Convert.ToHexStringLower(
                System.Security.Cryptography.SHA256.HashData(BitConverter.GetBytes(i))
            );
            string link = lib.Blobs.PathFor(sha);
            Directory.CreateDirectory(Path.GetDirectoryName(link)!);
            File.CreateSymbolicLink(link, lib.Blobs.PathFor(source.Sha256));
            string cls = classes[i % 3];
            long id = lib.Catalog.AddAsset(
                source with
                {
                    Id = 0,
                    Sha256 = sha,
                    Source = i % 5 == 0 ? AssetSource.Real : AssetSource.Generated,
                    Name = $"{cls}_{i}.mp4",
                    Class = cls,
                    Score = i % 5 == 0 ? null : rng.NextDouble(),
                    Seed = i,
                    CreatedAt = DateTime
                        .UtcNow.AddSeconds(-rng.Next(0, 3_000_000))
                        .ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
                },
                tx
            );
            if (i % 7 == 0)
                lib.Catalog.AddTag(id, "favourite", tx);
            ids.Add(id);
        }
        tx.Commit();
        return ids;
    }

    static string SecondPage(HttpClient http)
    {
        string json = http.GetStringAsync("/api/v1/assets?sort=created&limit=60").GetAwaiter().GetResult();
        return System.Text.Json.JsonDocument.Parse(json).RootElement.GetProperty("next_cursor").GetString()!;
    }

    static string Script(string path, IEnumerable<long> ids, string pattern)
    {
        File.WriteAllText(
            path,
            "local ids = {"
                + string.Join(",", ids)
                + "}\nrequest = function()\n  return wrk.format(nil, string.format(\""
                + pattern.Replace("{0}", "%d")
                + "\", ids[math.random(#ids)]))\nend\n"
        );
        return path;
    }

    static Result Wrk(string name, string url, int seconds, int connections, string? script)
    {
        var args = new List<string> { "-t2", $"-c{connections}", $"-d{seconds}s", "--latency" };
        if (script != null)
            args.AddRange(["-s", script]);
        args.Add(url);
        var run = ProcessRunner.Run("wrk", args, TimeSpan.FromSeconds(seconds + 30));
        string output = System.Text.Encoding.UTF8.GetString(run.Stdout);
        if (run.ExitCode != 0)
            throw new InvalidOperationException($"wrk failed: {run.Stderr}{output}");
        Console.WriteLine(output);
        double rps = double.Parse(Rps().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
        long errors = Non2xx().Match(output) is { Success: true } m ? long.Parse(m.Groups[1].Value) : 0;
        string path = new Uri(url).PathAndQuery;
        path = script != null ? File.ReadAllText(script).Split('"')[1].Replace("%d", "ID") : path;
        if (path.Length > 70)
            path = path[..67] + "…";
        return new Result(name, path, rps, Millis(output, "50%"), Millis(output, "99%"), errors);
    }

    static double Millis(string output, string percentile)
    {
        var m = Regex.Match(output, $@"\s{Regex.Escape(percentile)}\s+([\d.]+)(us|ms|s)");
        double v = double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        return m.Groups[2].Value switch
        {
            "us" => v / 1000,
            "s" => v * 1000,
            _ => v,
        };
    }

    static string Cpu()
    {
        string name =
            File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name"))?.Split(':')[1].Trim()
            ?? "?";
        string flags = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("flags")) ?? "";
        string kind =
            flags.Contains("amx_bf16") ? "AMX"
            : flags.Contains("avx512_bf16") ? "AVX-512 BF16"
            : "AVX2";
        return $"{name} ({kind})";
    }

    [GeneratedRegex(@"Requests/sec:\s+([\d.]+)")]
    private static partial Regex Rps();

    [GeneratedRegex(@"Non-2xx or 3xx responses:\s+(\d+)")]
    private static partial Regex Non2xx();
}
