using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Vidgan.Util;

namespace Vidgan.Runs;

/// <summary>Training settings as they were given, by a file or by flags: a JSON object with config.json's own keys
/// (<c>loss</c>, <c>model.generator_width</c>, …). A key that is present was given, whatever its value, so it is kept
/// over the defaults and over the choices `train` would otherwise make; everything absent takes
/// <see cref="TrainConfig"/>'s default, the one place each default is written.</summary>
public static class TrainSettings
{
    static readonly JsonSerializerOptions Strict = new(Json.Options)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    /// <summary>True when <paramref name="path"/> (dot-separated keys) was given.</summary>
    public static bool Has(JsonObject settings, string path) => Find(settings, path) is not null;

    /// <summary>The given value at <paramref name="path"/>, or null when it was not given.</summary>
    public static T? Get<T>(JsonObject settings, string path)
        where T : struct => Find(settings, path) is JsonNode node ? Read<T>(node, path) : null;

    public static void Set(JsonObject settings, string path, JsonNode? value)
    {
        var keys = path.Split('.');
        var node = settings;
        foreach (var key in keys[..^1])
        {
            if (node[key] is not JsonObject child)
                node[key] = child = new JsonObject();
            node = child;
        }
        node[keys[^1]] = value;
    }

    /// <summary><paramref name="higher"/>'s keys over <paramref name="lower"/>'s, nested objects merged key by
    /// key.</summary>
    public static JsonObject Merge(JsonObject lower, JsonObject higher)
    {
        var merged = (JsonObject)lower.DeepClone();
        foreach (var (key, value) in higher)
            merged[key] = value is JsonObject h && merged[key] is JsonObject l ? Merge(l, h) : value?.DeepClone();
        return merged;
    }

    /// <summary>The settings over <see cref="TrainConfig"/>'s defaults. An unknown key or a value of the wrong kind is
    /// a usage error that names the setting.</summary>
    public static TrainConfig ToConfig(JsonObject settings, string source = "setting")
    {
        try
        {
            return settings.Deserialize<TrainConfig>(Strict) ?? new TrainConfig();
        }
        catch (JsonException e)
        {
            string key = (e.Path ?? "$").TrimStart('$', '.');
            string what = e.Message.Contains("could not be mapped") ? "is not a training setting" : Json.Expected(e);
            throw new VidganException($"{source} '{key}' {what}", 2, e);
        }
    }

    /// <summary>Takes "precision" out of the settings: a run's config says fp32 or bf16, a request may also say
    /// auto.</summary>
    public static PrecisionMode? TakePrecision(JsonObject settings)
    {
        if (settings["precision"] is not JsonNode node)
            return null;
        settings.Remove("precision");
        settings.Remove("precision_choice");
        return node.GetValueKind() == JsonValueKind.String
            ? SettingNames.Parse<PrecisionMode>(node.GetValue<string>(), "precision")
            : throw new VidganException("setting 'precision' must be auto, fp32 or bf16", 2);
    }

    static JsonNode? Find(JsonObject settings, string path)
    {
        JsonNode? node = settings;
        foreach (var key in path.Split('.'))
            node = node is JsonObject o ? o[key] : null;
        return node;
    }

    static T Read<T>(JsonNode node, string path)
        where T : struct
    {
        try
        {
            return node.Deserialize<T>(Json.Options);
        }
        catch (JsonException e)
        {
            throw new VidganException($"setting '{path}' has a value of the wrong kind: {node.ToJsonString()}", 2, e);
        }
    }
}
