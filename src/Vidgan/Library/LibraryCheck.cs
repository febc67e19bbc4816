using System.Text.RegularExpressions;
using Vidgan.Util;

namespace Vidgan.Library;

/// <summary>What <c>vidgan library check</c> found: problems (the library has lost or corrupted something),
/// warnings (leftovers that waste space but lose nothing) and, with repair, what it removed.</summary>
public sealed record CheckReport(
    IReadOnlyList<string> Checked,
    IReadOnlyList<string> Problems,
    IReadOnlyList<string> Warnings,
    IReadOnlyList<string> Repaired
)
{
    public bool Passed => Problems.Count == 0;
}

/// <summary>Checks a library end to end: the catalog database, every file an asset uses (present, with its
/// SHA-256), every checkpoint the catalog recorded, the frame cache, and leftovers of interrupted writes. Repair
/// removes only what can be made again or was never recorded: half-written temp files, files no asset uses, previews
/// of gone assets, damaged frame-cache entries. Run it when nothing else writes to the library.</summary>
public static partial class LibraryCheck
{
    public static CheckReport Run(VidganLibrary lib, bool repair)
    {
        var done = new List<string>();
        var problems = new List<string>();
        var warnings = new List<string>();
        var repaired = new List<string>();

        var integrity = lib.Catalog.IntegrityCheck();
        if (integrity is ["ok"])
            done.Add("catalog: SQLite integrity check ok");
        else
            problems.AddRange(integrity.Take(10).Select(e => $"catalog: {e}"));
        problems.AddRange(lib.Catalog.ForeignKeyCheck().Take(10).Select(e => $"catalog: {e} points at a missing row"));

        var owners = lib.Catalog.BlobOwners();
        int intact = 0;
        foreach (var (sha, id, name) in owners)
        {
            string path = lib.Blobs.PathFor(sha);
            if (!File.Exists(path))
                problems.Add($"asset {id} ({name}): its file {path} is missing");
            else if (StoredSha(lib, sha) is var (actual, error) && error != null)
                problems.Add($"asset {id} ({name}): {error}");
            else if (actual != sha)
                problems.Add($"asset {id} ({name}): its file {path} no longer has the SHA-256 the catalog recorded");
            else
                intact++;
        }
        done.Add($"files: {intact} of {owners.Count} present with the SHA-256 the catalog recorded");

        int checkpoints = 0;
        foreach (var c in lib.Catalog.LatestCheckpoints())
        {
            if (!File.Exists(c.Path))
                continue;
            checkpoints++;
            if (Hashing.Sha256File(c.Path) != c.Sha256)
                problems.Add($"checkpoint {c.Path}: its bytes differ from the SHA-256 the catalog recorded");
        }
        done.Add($"checkpoints: {checkpoints} on disk checked against the catalog");

        var used = owners.Select(o => o.Sha256).ToHashSet(StringComparer.Ordinal);
        Leftovers(lib, used, warnings, repair ? repaired : null);
        CacheEntries(lib, done, warnings, repair ? repaired : null);
        return new CheckReport(done, problems, warnings, repaired);
    }

    /// <summary>The SHA-256 of a stored file's plain bytes, or why they cannot be read.</summary>
    static (string? Sha, string? Error) StoredSha(VidganLibrary lib, string sha)
    {
        try
        {
            using var stream = lib.Blobs.OpenRead(sha);
            return (Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(stream)), null);
        }
        catch (VidganException e)
        {
            return (null, e.Message);
        }
    }

    static void Leftovers(VidganLibrary lib, HashSet<string> used, List<string> warnings, List<string>? repaired)
    {
        var temps = Files(lib.Root).Where(f => TempName().IsMatch(Path.GetFileName(f))).ToList();
        Report(temps, "half-written temp file", warnings, repaired);
        var orphans = Files(lib.Blobs.Directory)
            .Where(f => !TempName().IsMatch(Path.GetFileName(f)) && !used.Contains(Path.GetFileName(f)))
            .ToList();
        Report(orphans, "file no asset uses", warnings, repaired);
        var previews = Files(lib.Previews.Directory)
            .Where(f => !TempName().IsMatch(Path.GetFileName(f)) && !used.Contains(Path.GetFileName(f).Split('.')[0]))
            .ToList();
        Report(previews, "preview of a removed asset", warnings, repaired);
    }

    static void CacheEntries(VidganLibrary lib, List<string> done, List<string> warnings, List<string>? repaired)
    {
        var entries = Files(lib.Cache.Directory).Where(f => f.EndsWith(".frames", StringComparison.Ordinal)).ToList();
        var damaged = entries.Where(f => !lib.Cache.IsWhole(f)).ToList();
        done.Add($"frame cache: {entries.Count - damaged.Count} of {entries.Count} entries whole");
        Report(damaged, "damaged frame-cache entry (ingest makes it again)", warnings, repaired);
    }

    static void Report(List<string> files, string what, List<string> warnings, List<string>? repaired)
    {
        if (files.Count == 0)
            return;
        string list = string.Join(", ", files.Take(3)) + (files.Count > 3 ? $" and {files.Count - 3} more" : "");
        warnings.Add($"{files.Count} {what}{(files.Count > 1 ? "s" : "")}: {list}");
        if (repaired == null)
            return;
        foreach (var f in files)
            File.Delete(f);
        repaired.Add($"removed {files.Count} {what}{(files.Count > 1 ? "s" : "")}");
    }

    /// <summary>Whether a file name is that of an atomic write that never finished.</summary>
    public static bool IsTempName(string fileName) => TempName().IsMatch(fileName);

    internal static IEnumerable<string> Files(string dir) =>
        Directory.Exists(dir) ? Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories) : [];

    /// <summary>The temp names of atomic writes: <c>.NAME.GUID.tmp</c> (and <c>.part</c> for encoder output).</summary>
    [GeneratedRegex(@"\.[0-9a-f]{32}\.(tmp|part)$")]
    private static partial Regex TempName();
}
