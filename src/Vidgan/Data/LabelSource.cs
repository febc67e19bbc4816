using System.Text.RegularExpressions;

namespace Vidgan.Data;

/// <summary>Where a video's class comes from: its file-name prefix (<c>a_1.mp4</c> → a), its parent folder, or
/// nowhere.</summary>
public enum LabelSource
{
    Prefix,
    Folder,
    None,
}

public static partial class Labels
{
    public static LabelSource Parse(string text) =>
        text.ToLowerInvariant() switch
        {
            "prefix" => LabelSource.Prefix,
            "folder" => LabelSource.Folder,
            "none" => LabelSource.None,
            _ => throw new VidganException($"unknown setting 'label_from' '{text}': use prefix, folder or none", 2),
        };

    /// <summary>The class of <paramref name="file"/> under <paramref name="root"/>, or null when it has none.</summary>
    public static string? For(string file, string root, LabelSource source)
    {
        switch (source)
        {
            case LabelSource.None:
                return null;
            case LabelSource.Folder:
                string rel = Path.GetRelativePath(root, Path.GetDirectoryName(Path.GetFullPath(file))!);
                return rel == "." ? null : Path.GetFileName(rel);
            default:
                string stem = Path.GetFileNameWithoutExtension(file);
                var m = PrefixWithNumber().Match(stem);
                if (m.Success)
                    return m.Groups[1].Value;
                int underscore = stem.IndexOf('_');
                return underscore > 0 ? stem[..underscore] : null;
        }
    }

    [GeneratedRegex(@"^(.+?)[_-](\d+)$")]
    private static partial Regex PrefixWithNumber();
}
