using System.Globalization;
using System.IO.Compression;
using System.Text;
using Vidgan.Util;

namespace Vidgan.Library;

/// <summary>Copies a filtered set of assets out of the library under readable names, with a manifest in
/// JSON (full records) and CSV (one row per file) beside them.</summary>
public static class LibraryExporter
{
    public sealed record Result(string Folder, int Count);

    public static Result Export(VidganLibrary lib, AssetFilter filter, string outDir)
    {
        string folder = Path.GetFullPath(outDir);
        if (File.Exists(folder))
            throw new VidganException($"setting 'out' {outDir} is a file, not a folder");
        var entries = Entries(lib, lib.Catalog.ListAssets(filter));
        Folders.Create(folder);
        // An export that was killed leaves its half-written files under temp names; they are this export's to clear.
        foreach (
            string stale in Directory.EnumerateFiles(folder).Where(f => LibraryCheck.IsTempName(Path.GetFileName(f)))
        )
            File.Delete(stale);
        foreach (var (a, name) in entries)
            try
            {
                Copy(lib, a.Sha256, Path.Combine(folder, name));
                if (a.CredentialsSha256 is string credentials)
                    Copy(lib, credentials, Path.Combine(folder, Sidecar(name)));
            }
            catch (VidganException e)
            {
                throw new VidganException($"asset {a.Id} ({a.Name}): {e.Message}");
            }
        AtomicFile.WriteAllText(Path.Combine(folder, "manifest.json"), ManifestJson(entries));
        AtomicFile.WriteAllText(Path.Combine(folder, "manifest.csv"), Csv(entries));
        return new Result(folder, entries.Count);
    }

    static void Copy(VidganLibrary lib, string sha256, string target) =>
        AtomicFile.Write(
            target,
            s =>
            {
                using var src = lib.Blobs.OpenRead(sha256);
                src.CopyTo(s);
            }
        );

    /// <summary>The Content Credentials sidecar of an exported file: its name with <c>.c2pa</c>, as C2PA
    /// names sidecars.</summary>
    static string Sidecar(string name) => Path.ChangeExtension(name, ".c2pa");

    /// <summary>Writes the assets and both manifests as a ZIP to a stream that need not seek (an HTTP response). Every
    /// file is checked before the first byte is written, so a missing one fails the request, not the download
    /// half-way.</summary>
    public static int WriteZip(VidganLibrary lib, IReadOnlyList<Asset> assets, Stream output)
    {
        var entries = Entries(lib, assets);
        using var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
        foreach (var (a, name) in entries)
        {
            // Video is compressed already; storing it keeps the export fast.
            foreach (var (sha, entry) in new[] { (a.Sha256, name), (a.CredentialsSha256, Sidecar(name)) })
            {
                if (sha == null)
                    continue;
                using var target = zip.CreateEntry(entry, CompressionLevel.NoCompression).Open();
                using var src = lib.Blobs.OpenRead(sha);
                src.CopyTo(target);
            }
        }
        WriteEntry(zip, "manifest.json", ManifestJson(entries));
        WriteEntry(zip, "manifest.csv", Csv(entries));
        return entries.Count;
    }

    static void WriteEntry(ZipArchive zip, string name, string text)
    {
        using var writer = new StreamWriter(zip.CreateEntry(name).Open());
        writer.Write(text);
    }

    /// <summary>Each asset under a readable file name, unique within the export; every file must still exist.</summary>
    static List<(Asset Asset, string File)> Entries(VidganLibrary lib, IReadOnlyList<Asset> assets)
    {
        var used = new HashSet<string>(StringComparer.Ordinal) { "manifest.json", "manifest.csv" };
        var entries = new List<(Asset Asset, string File)>();
        foreach (var a in assets)
        {
            string blob = lib.Blobs.PathFor(a.Sha256);
            if (!File.Exists(blob))
                throw new VidganException($"asset {a.Id} ({a.Name}) has lost its file {blob}");
            string name = SafeName(a.Name);
            if (!used.Add(name) || (a.CredentialsSha256 != null && !used.Add(Sidecar(name))))
            {
                name = $"{a.Id}_{name}";
                used.Add(name);
                used.Add(Sidecar(name));
            }
            if (a.CredentialsSha256 is string credentials && !File.Exists(lib.Blobs.PathFor(credentials)))
                throw new VidganException($"asset {a.Id} ({a.Name}) has lost its Content Credentials file");
            entries.Add((a, name));
        }
        return entries;
    }

    static string ManifestJson(List<(Asset Asset, string File)> entries) =>
        Json.Serialize(entries.Select(e => new { file = e.File, asset = e.Asset }));

    static string SafeName(string name)
    {
        var invalid = Path.GetInvalidFileNameChars();
        string clean = new(name.Select(c => invalid.Contains(c) ? '_' : c).ToArray());
        return clean.Trim('.', ' ').Length == 0 ? "asset" : clean;
    }

    static string Csv(IEnumerable<(Asset Asset, string File)> entries)
    {
        var sb = new StringBuilder(
            "file,id,source,class,split,score,seed,model,checkpoint_sha256,"
                + "width,height,frames,fps,sha256,near_copy,created_at\n"
        );
        foreach (var (a, file) in entries)
        {
            string[] cells =
            {
                file,
                a.Id.ToString(),
                SettingNames.Name(a.Source),
                a.Class ?? "",
                a.Split is Split split ? SettingNames.Name(split) : "",
                a.Score?.ToString("0.####", CultureInfo.InvariantCulture) ?? "",
                a.Seed?.ToString() ?? "",
                a.Model ?? "",
                a.CheckpointSha256 ?? "",
                a.Width.ToString(),
                a.Height.ToString(),
                a.Frames.ToString(),
                a.Fps.ToString("0.###", CultureInfo.InvariantCulture),
                a.Sha256,
                a.NearCopy ? "true" : "false",
                a.CreatedAt,
            };
            sb.AppendLine(string.Join(",", cells.Select(Quote)));
        }
        return sb.ToString();
    }

    static readonly System.Buffers.SearchValues<char> NeedsQuotes = System.Buffers.SearchValues.Create(",\"\n\r");

    static string Quote(string cell) =>
        cell.AsSpan().IndexOfAny(NeedsQuotes) >= 0 ? "\"" + cell.Replace("\"", "\"\"") + "\"" : cell;
}
