using System.Numerics;
using System.Text.RegularExpressions;

namespace Vidgan.Util;

/// <summary>What a setting of a given .NET type takes, worded for a usage error, so that neither the CLI nor the API
/// shows a user <c>System.Int32</c>.</summary>
public static partial class ValueKinds
{
    /// <summary><c>must be a whole number</c>, <c>must be one of mp4, gif, …</c>: what a value of the type named
    /// <paramref name="typeName"/> (as .NET prints it, nullable or not) must be.</summary>
    public static string Expected(string typeName)
    {
        string type = Underlying(typeName);
        if (typeof(ValueKinds).Assembly.GetType(type) is { IsEnum: true } enumType)
            return $"must be one of {string.Join(", ", SettingNames.Names(enumType))}";
        return type switch
        {
            "System.Int32" or "System.Int64" => "must be a whole number",
            "System.Double" or "System.Single" => "must be a number",
            "System.Boolean" => "must be true or false",
            "System.String" => "must be text",
            _ => "has a value of the wrong kind",
        };
    }

    /// <summary>Why <paramref name="value"/> given for <paramref name="name"/> was refused: a whole number too large
    /// for the type is out of range, anything else is not what the setting takes.</summary>
    public static string Refused(string name, string value, string typeName)
    {
        var (min, max) = Underlying(typeName) switch
        {
            "System.Int32" => ((BigInteger)int.MinValue, (BigInteger)int.MaxValue),
            "System.Int64" => (long.MinValue, long.MaxValue),
            _ => (BigInteger.Zero, BigInteger.Zero),
        };
        if (!max.IsZero && BigInteger.TryParse(value, out var number))
            return number > max
                ? $"{name} {value} is too large: at most {max}"
                : $"{name} {value} is too small: at least {min}";
        return $"{name} {Expected(typeName)}, not '{value}'";
    }

    static string Underlying(string typeName) =>
        NullableOf().Match(typeName) is { Success: true } m ? m.Groups[1].Value : typeName;

    [GeneratedRegex(@"^System\.Nullable`1\[\[?([^,\]]+)")]
    private static partial Regex NullableOf();
}
