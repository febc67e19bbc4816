using System.Text.Json;
using System.Text.Json.Serialization;
using Vidgan.Util;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Vidgan.Training;

/// <summary>Reads training settings from a JSON or YAML file with the same snake_case keys as a run's config.json
/// (e.g. <c>loss: hinge</c>, <c>model: { architecture: mocogan, generator_width: 24 }</c>). Unknown keys are errors,
/// so a typo never silently falls back to a default.</summary>
public static class TrainConfigFile
{
    static readonly JsonSerializerOptions Strict = new(Json.Options) { UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow };

    public static TrainConfig Load(string path)
    {
        if (!File.Exists(path)) throw new VidganException($"config file {path} does not exist");
        string text = File.ReadAllText(path);
        string ext = Path.GetExtension(path).ToLowerInvariant();
        try
        {
            if (ext is ".yaml" or ".yml")
                return new DeserializerBuilder().WithNamingConvention(UnderscoredNamingConvention.Instance).Build()
                    .Deserialize<TrainConfig?>(text) ?? new TrainConfig();
            if (ext == ".json")
                return JsonSerializer.Deserialize<TrainConfig>(text, Strict) ?? new TrainConfig();
        }
        catch (Exception e) when (e is JsonException or YamlException)
        {
            throw new VidganException($"config file {path}: {(e.InnerException ?? e).Message.Split('\n')[0]}", 2, e);
        }
        throw new VidganException($"config file {path}: use a .json, .yaml or .yml file", 2);
    }
}
