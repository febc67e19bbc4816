using System.Text.RegularExpressions;
using Vidgan.Library;
using Vidgan.Media;
using Vidgan.Util;

namespace Vidgan.Generation;

/// <summary>Names like <c>circle_7.mp4</c>, numbered after the highest number already used in the output
/// folder or the library, so earlier clips are never overwritten.</summary>
sealed class NameAllocator(string outDir, VidganLibrary? library, VideoFormat format)
{
    readonly Dictionary<string, int> next = new();

    public string Next(string prefix)
    {
        if (!next.TryGetValue(prefix, out int n))
            n = Highest(prefix) + 1;
        while (library != null && !Reserve($"{prefix}_{n}{format.Extension()}"))
            n++;
        next[prefix] = n + 1;
        return $"{prefix}_{n}{format.Extension()}";
    }

    /// <summary>Workers generating into the same run folder at once must not pick the same name: the name is
    /// taken by creating its file (atomic, on NFS too), which the encoder then overwrites.</summary>
    bool Reserve(string name)
    {
        Folders.Create(outDir);
        try
        {
            new FileStream(Path.Combine(outDir, name), FileMode.CreateNew).Dispose();
            return true;
        }
        catch (IOException) when (File.Exists(Path.Combine(outDir, name)))
        {
            return false;
        }
    }

    int Highest(string prefix)
    {
        var pattern = new Regex("^" + Regex.Escape(prefix) + @"_(\d+)\.[a-z0-9]+$");
        var names = Directory.Exists(outDir) ? Directory.EnumerateFiles(outDir).Select(Path.GetFileName) : [];
        if (library != null)
            names = names.Concat(
                library.Catalog.ListAssets(new AssetFilter(Source: AssetSource.Generated)).Select(a => a.Name)
            );
        return names
            .Select(n => pattern.Match(n!))
            .Where(m => m.Success)
            .Select(m => int.TryParse(m.Groups[1].Value, out int v) ? v : 0)
            .DefaultIfEmpty(0)
            .Max();
    }
}
