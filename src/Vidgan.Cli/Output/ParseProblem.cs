using System.CommandLine.Parsing;
using System.Text.RegularExpressions;
using Vidgan.Util;

namespace Vidgan.Cli.Output;

/// <summary>A command line the parser refused, in the words of the core's usage errors: <c>--count must be a whole
/// number, not 'many'</c> instead of the parser's "as expected type 'System.Int32'".</summary>
public static partial class ParseProblem
{
    public static string Describe(ParseError error)
    {
        var match = CannotParse().Match(error.Message);
        if (!match.Success)
            return error.Message;
        string name = error.SymbolResult switch
        {
            OptionResult o => o.Option.Name,
            ArgumentResult a => $"<{a.Argument.Name}>",
            _ => match.Groups[2].Value,
        };
        return ValueKinds.Refused(name, match.Groups[1].Value, match.Groups[3].Value);
    }

    [GeneratedRegex(@"^Cannot parse argument '(.*)' for (?:option|command) '(.*)' as expected type '(.*)'\.?$")]
    private static partial Regex CannotParse();
}
