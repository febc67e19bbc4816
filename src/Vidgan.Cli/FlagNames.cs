using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace Vidgan.Cli;

/// <summary>The core names settings (<c>setting 'model.context_frames'</c>); the CLI shows its flags instead
/// (<c>--context</c>). Flags whose name differs from their setting's register here; any other setting is shown as
/// <c>--</c> and its last key in kebab case (<c>from_video</c> → <c>--from-video</c>).</summary>
public static partial class FlagNames
{
    static readonly ConcurrentDictionary<string, string> Known = new();

    public static void Register(string setting, string flag) => Known[setting] = flag;

    public static string Translate(string text) =>
        SettingPattern()
            .Replace(
                text,
                m =>
                    Known.TryGetValue(m.Groups[1].Value, out var flag)
                        ? flag
                        : "--" + m.Groups[1].Value.Split('.')[^1].Replace('_', '-')
            );

    [GeneratedRegex(@"setting '([a-z0-9_.]+)'")]
    private static partial Regex SettingPattern();
}
