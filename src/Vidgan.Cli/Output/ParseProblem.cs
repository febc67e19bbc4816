using System.CommandLine.Parsing;
using System.Text.RegularExpressions;
using Vidgan.Util;

namespace Vidgan.Cli.Output;

/// <summary>A command line the parser refused, in the words of the core's usage errors: <c>--count must be a whole
/// number, not 'many'</c> instead of the parser's "as expected type 'System.Int32'", and one line for a value outside
/// a flag's choices instead of the parser's list with a tab and line per choice.</summary>
public static partial class ParseProblem
{
    public static string Describe(ParseError error)
    {
        string name = error.SymbolResult switch
        {
            OptionResult o => o.Option.Name,
            ArgumentResult a => $"<{a.Argument.Name}>",
            _ => "",
        };
        if (CannotParse().Match(error.Message) is { Success: true } parse)
            return ValueKinds.Refused(
                name.Length > 0 ? name : parse.Groups[2].Value,
                parse.Groups[1].Value,
                parse.Groups[3].Value
            );
        if (NotAChoice().Match(error.Message) is { Success: true } choice && name.Length > 0)
        {
            var choices = Quoted().Matches(choice.Groups[2].Value).Select(m => m.Groups[1].Value);
            return $"{name} must be one of {string.Join(", ", choices)}, not '{choice.Groups[1].Value}'";
        }
        return error.Message;
    }

    [GeneratedRegex(@"^Cannot parse argument '(.*)' for (?:option|command) '(.*)' as expected type '(.*)'\.?$")]
    private static partial Regex CannotParse();

    [GeneratedRegex(@"^Argument '(.*?)' not recognized\. Must be one of:(.*)$", RegexOptions.Singleline)]
    private static partial Regex NotAChoice();

    [GeneratedRegex(@"'([^']*)'")]
    private static partial Regex Quoted();
}
