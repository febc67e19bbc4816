using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Vidgan.Util;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Vidgan.Runs;

/// <summary>Reads training settings from a JSON or YAML file with the same snake_case keys as a run's config.json
/// (e.g. <c>loss: hinge</c>, <c>model: { architecture: mocogan, generator_width: 24 }</c>), as the keys it gives
/// (<see cref="TrainSettings"/>). Unknown keys are errors, so a typo never silently falls back to a default.</summary>
public static class TrainConfigFile
{
    public static JsonObject Load(string path)
    {
        if (!File.Exists(path))
            throw new VidganException($"config file {path} does not exist");
        string text = File.ReadAllText(path);
        string ext = Path.GetExtension(path).ToLowerInvariant();
        JsonObject settings;
        try
        {
            settings = ext switch
            {
                ".yaml" or ".yml" => FromYaml(text),
                ".json" => FromJson(text, path),
                _ => throw new VidganException($"config file {path}: use a .json, .yaml or .yml file", 2),
            };
        }
        catch (Exception e) when (e is JsonException or YamlException)
        {
            throw new VidganException($"config file {path}: {(e.InnerException ?? e).Message.Split('\n')[0]}", 2, e);
        }
        var check = (JsonObject)settings.DeepClone();
        TrainSettings.TakePrecision(check);
        TrainSettings.ToConfig(check, $"config file {path}: setting");
        return settings;
    }

    static JsonObject FromJson(string text, string path)
    {
        if (Json.RepeatedKey(text) is string key)
            throw new VidganException($"config file {path}: setting '{key}' is given twice", 2);
        return JsonNode.Parse(text) as JsonObject
            ?? throw new VidganException($"config file {path}: expected an object", 2);
    }

    static JsonObject FromYaml(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        if (stream.Documents.Count == 0)
            return new JsonObject();
        return ToJson(stream.Documents[0].RootNode) as JsonObject
            ?? throw new YamlException("expected a mapping of settings");
    }

    /// <summary>YAML 1.2's core schema: plain scalars that read as numbers, booleans or null are those; quoted ones and
    /// everything else are strings.</summary>
    static JsonNode? ToJson(YamlNode node) =>
        node switch
        {
            YamlMappingNode map => new JsonObject(
                map.Children.Select(c => KeyValuePair.Create(Name(c.Key), ToJson(c.Value)))
            ),
            YamlSequenceNode list => new JsonArray(list.Children.Select(ToJson).ToArray()),
            YamlScalarNode { Style: ScalarStyle.Plain } plain => Plain(plain.Value ?? ""),
            YamlScalarNode quoted => JsonValue.Create(quoted.Value),
            _ => null,
        };

    static string Name(YamlNode key) =>
        key is YamlScalarNode { Value: string name }
            ? name
            : throw new YamlException(key.Start, key.End, "a setting's name must be a word, not a list or a mapping");

    static JsonValue? Plain(string value)
    {
        if (value is "" or "~" or "null")
            return null;
        if (value is "true" or "false")
            return JsonValue.Create(value == "true");
        if (long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out long l))
            return JsonValue.Create(l);
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double d))
            return JsonValue.Create(d);
        return JsonValue.Create(value);
    }
}
