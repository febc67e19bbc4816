using System.Diagnostics;
using System.Security.Cryptography;
using Vidgan.Data;
using Vidgan.Library;

namespace Vidgan.Bench;

/// <summary>An encrypted library against a plain one, in one run: ingest of the same videos, and reading back every
/// stored file and every frame-cache entry.</summary>
public static class EncryptionBench
{
    public static void Run(BenchArgs a)
    {
        int perClass = a.Get("--per-class", 10),
            size = a.Get("--size", 256),
            frames = a.Get("--frames", 240);
        int repeats = a.Get("--repeats", 3);
        string work = Directory.CreateTempSubdirectory("vidgan-bench-encryption-").FullName;
        try
        {
            string data = Path.Combine(work, "shapes");
            var files = ShapesDataset.Write(data, new ShapesDataset.Options(perClass, Size: size, Frames: frames));
            var options = new IngestOptions(Size: 32, Frames: 16, Stride: 4);
            var key = new LibraryKey(RandomNumberGenerator.GetBytes(32), null);
            var rows = new List<(string What, double Plain, double Encrypted, string Unit)>();
            long bytes = files.Sum(f => new FileInfo(f).Length);

            double Ingest(string name, bool encrypted)
            {
                string root = Path.Combine(work, name);
                Directory.CreateDirectory(root);
                if (encrypted)
                    Keyring.Create(root, key);
                var clock = Stopwatch.StartNew();
                using var lib = VidganLibrary.Open(root, create: true, key: key);
                new Ingestor(lib, options).Run(data);
                return clock.Elapsed.TotalSeconds;
            }
            double plainIngest = Ingest("plain", false),
                encryptedIngest = Ingest("encrypted", true);
            rows.Add(
                (
                    "ingest (hash, probe, decode, store, frame cache, catalog)",
                    files.Count / plainIngest,
                    files.Count / encryptedIngest,
                    "videos/s"
                )
            );

            (double Files, double Cache) Read(string name)
            {
                using var lib = VidganLibrary.Open(Path.Combine(work, name), create: false, key: key);
                var shas = lib.Catalog.DistinctBlobHashes();
                var cacheFiles = Directory.GetFiles(lib.Cache.Directory, "*.frames", SearchOption.AllDirectories);
                double files = double.MaxValue,
                    cache = double.MaxValue;
                for (int r = 0; r < repeats; r++)
                {
                    var clock = Stopwatch.StartNew();
                    foreach (var sha in shas)
                    {
                        using var s = lib.Blobs.OpenRead(sha);
                        s.CopyTo(Stream.Null);
                    }
                    files = Math.Min(files, clock.Elapsed.TotalSeconds);
                    clock.Restart();
                    foreach (var f in cacheFiles)
                        lib.Cache.Get(Path.GetFileNameWithoutExtension(f));
                    cache = Math.Min(cache, clock.Elapsed.TotalSeconds);
                }
                long cacheBytes = cacheFiles.Sum(f => new FileInfo(f).Length);
                return (bytes / files / 1e6, cacheBytes / cache / 1e6);
            }
            var plainRead = Read("plain");
            var encryptedRead = Read("encrypted");
            rows.Add(("read every stored video", plainRead.Files, encryptedRead.Files, "MB/s"));
            rows.Add(
                ("read every frame-cache entry (as training loads them)", plainRead.Cache, encryptedRead.Cache, "MB/s")
            );

            var report = a.Report("Encryption at rest", "encryption.md");
            report.Line(
                $"{files.Count} procedural MP4 videos ({size}×{size}, {frames} frames, {bytes / 1e6:0.0} MB) "
                    + "ingested at 32×32 into a plain and an encrypted library (AES-256-GCM, 64 KiB chunks), then "
                    + "every stored file and frame-cache "
                    + $"entry read back (best of {repeats}); the page cache is warm for both."
            );
            report.Line();
            report.Line("| what | plain | encrypted | encrypted / plain |");
            report.Line("| --- | --- | --- | --- |");
            foreach (var (what, plain, encrypted, unit) in rows)
                report.Line($"| {what} | {plain:0.0} {unit} | {encrypted:0.0} {unit} | {encrypted / plain:P0} |");
            report.Save();
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }
}
