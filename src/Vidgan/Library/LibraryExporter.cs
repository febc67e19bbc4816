using System.Globalization;
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
        var assets = lib.Catalog.ListAssets(filter);
        Directory.CreateDirectory(folder);
        var used = new HashSet<string>(StringComparer.Ordinal);
        var entries = new List<(Asset Asset, string File)>();
        foreach (var a in assets)
        {
            string blob = lib.Blobs.PathFor(a.Sha256);
            if (!File.Exists(blob))
                throw new VidganException($"asset {a.Id} ({a.Name}) has lost its file {blob}");
            string name = SafeName(a.Name);
            if (!used.Add(name))
            {
                name = $"{a.Id}_{name}";
                used.Add(name);
            }
            string target = Path.Combine(folder, name);
            AtomicFile.Write(
                target,
                s =>
                {
                    using var src = File.OpenRead(blob);
                    src.CopyTo(s);
                }
            );
            entries.Add((a, name));
        }
        AtomicFile.WriteAllText(
            Path.Combine(folder, "manifest.json"),
            Json.Serialize(entries.Select(e => new { file = e.File, asset = e.Asset }))
        );
        AtomicFile.WriteAllText(Path.Combine(folder, "manifest.csv"), Csv(entries));
        return new Result(folder, entries.Count);
    }

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
