using System.Text.Json;
using System.Text.Json.Serialization;

namespace Vidgan.Util;

public static class Json
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
}
