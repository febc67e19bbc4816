using Vidgan.Library;
using Vidgan.Tests.Support;

namespace Vidgan.Tests.Cli;

/// <summary>Many processes (on one machine or several) ingesting into one library at once.</summary>
[Trait(Suites.Name, Suites.Cli)]
public class ConcurrentIngestTests
{
    [Fact]
    public async Task ProcessesThatFirstSignAtOnceShareOneSigningIdentity()
    {
        using var temp = new TempDir();
        Assert.Equal(0, CliRunner.Run(temp.Path, "library", "init", "--library", temp["lib"]).ExitCode);

        var runs = Enumerable
            .Range(0, 6)
            .Select(_ => Task.Run(() => CliRunner.Run(temp.Path, "keys", "show", "--library", temp["lib"])))
            .ToArray();
        var results = await Task.WhenAll(runs);

        Assert.All(results, r => Assert.True(r.ExitCode == 0, r.ToString()));
        // each process printed the chain it loaded: one identity, its key matching its certificate
        Assert.Single(results.Select(r => r.Stdout).Distinct());
    }

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task EightProcessesIngestingOverlappingFoldersStoreEachFileOnce(CatalogBackend backend)
    {
        using var temp = new TempDir();
        using var database = Backends.Prepare(backend, temp["lib"]);
        var files = TinyData.Shapes(temp["all"], perClass: 3, classes: 2);
        // Folder i holds files i, i+1 and i+2 (of 6): every file is in three folders.
        for (int i = 0; i < 8; i++)
        {
            Directory.CreateDirectory(temp[$"in{i}"]);
            for (int k = 0; k < 3; k++)
            {
                string file = files[(i + k) % files.Count];
                File.Copy(file, Path.Combine(temp[$"in{i}"], Path.GetFileName(file)));
            }
        }
        Assert.Equal(0, CliRunner.Run(temp.Path, "library", "init", "--library", temp["lib"]).ExitCode);

        var runs = Enumerable
            .Range(0, 8)
            .Select(i =>
                Task.Run(() =>
                    CliRunner.Run(
                        temp.Path,
                        ["ingest", $"in{i}", "--library", temp["lib"]],
                        ["--size", "16", "--frames", "8"]
                    )
                )
            )
            .ToArray();
        var results = await Task.WhenAll(runs);
        Assert.All(results, r => Assert.True(r.ExitCode == 0, r.ToString()));

        using var lib = VidganLibrary.Open(temp["lib"], create: false);
        var assets = lib.Catalog.ListAssets(new AssetFilter(Source: AssetSource.Real));
        Assert.Equal(files.Count, assets.Count);
        Assert.Equal(files.Count, assets.Select(a => a.Sha256).Distinct().Count());
        Assert.Equal(
            files.Count,
            Directory.EnumerateFiles(lib.Blobs.Directory, "*", SearchOption.AllDirectories).Count()
        );
        var set = lib.Catalog.ClipSets().Single();
        Assert.Equal(
            lib.Catalog.Clips(set.Id).Count,
            lib.Catalog.Clips(set.Id).Select(c => (c.AssetId, c.StartFrame)).Distinct().Count()
        );
        // Each file was new to exactly one of the processes.
        Assert.Equal(files.Count, results.Sum(r => CountAdded(r.Stdout)));
    }

    static int CountAdded(string stdout) =>
        int.Parse(System.Text.RegularExpressions.Regex.Match(stdout, @"(\d+) new videos").Groups[1].Value);
}
