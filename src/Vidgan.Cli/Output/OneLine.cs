namespace Vidgan.Cli.Output;

/// <summary>Text for one line of the terminal: control characters (a newline in a file's name, say) shown as
/// escapes, so that a message stays the one line it is meant to be.</summary>
public static class OneLine
{
    public static string Of(string text) =>
        text.Any(char.IsControl)
            ? string.Concat(
                text.Select(c =>
                    c switch
                    {
                        '\n' => "\\n",
                        '\r' => "\\r",
                        '\t' => "\\t",
                        _ when char.IsControl(c) => $"\\u{(int)c:x4}",
                        _ => c.ToString(),
                    }
                )
            )
            : text;
}
