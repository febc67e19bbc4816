using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace Vidgan.Util;

public static partial class Json
{
    public static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        AllowOutOfOrderMetadataProperties = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    static readonly JsonSerializerOptions CompactOptions = new(Options) { WriteIndented = false };

    /// <summary>One-line JSON, for values stored inside catalog columns.</summary>
    public static string Compact<T>(T value) => JsonSerializer.Serialize(value, CompactOptions);

    public static T Deserialize<T>(string json) =>
        JsonSerializer.Deserialize<T>(json, Options) ?? throw new InvalidDataException("empty JSON document");

    /// <summary>A value that would not deserialize, as a one-line usage error naming its setting (from the
    /// exception's JSON path) and what it takes: <c>setting 'format' must be one of mp4, gif, …</c>.</summary>
    public static string Problem(JsonException e)
    {
        string where = e.Path is { Length: > 1 } path ? $"setting '{path.TrimStart('$', '.')}'" : "the request";
        return $"{where} {Expected(e)}";
    }

    /// <summary>What a value that would not deserialize should have been, from the exception's message.</summary>
    public static string Expected(JsonException e)
    {
        var match = ConvertedTo().Match(e.Message);
        if (!match.Success)
            return $"is not valid: {e.Message.Split(" Path: ")[0].Split(" LineNumber: ")[0].TrimEnd('.')}";
        return ValueKinds.Expected(match.Groups[1].Value);
    }

    [GeneratedRegex(@"could not be converted to (\S+?)\.? Path:")]
    private static partial Regex ConvertedTo();

    /// <summary>The dotted name of the first key that an object in <paramref name="json"/> holds twice, or null. Which
    /// of the two values a writer meant is a guess (System.Text.Json keeps the last, or throws when the object is first
    /// read), so inputs with one are refused.</summary>
    public static string? RepeatedKey(string json)
    {
        using var document = JsonDocument.Parse(json);
        return RepeatedKey(document.RootElement, "");
    }

    static string? RepeatedKey(JsonElement element, string prefix)
    {
        if (element.ValueKind == JsonValueKind.Array)
            return element.EnumerateArray().Select(e => RepeatedKey(e, prefix)).FirstOrDefault(k => k != null);
        if (element.ValueKind != JsonValueKind.Object)
            return null;
        var seen = new HashSet<string>();
        foreach (var property in element.EnumerateObject())
        {
            string name = prefix + property.Name;
            if (!seen.Add(property.Name))
                return name;
            if (RepeatedKey(property.Value, name + ".") is string inner)
                return inner;
        }
        return null;
    }
}
