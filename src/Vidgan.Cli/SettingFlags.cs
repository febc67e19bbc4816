using System.CommandLine;
using System.Text.Json.Nodes;
using Vidgan.Runs;

namespace Vidgan.Cli;

/// <summary>Flags that set one training setting each, by config.json's key: what the user typed becomes a given
/// setting (<see cref="TrainSettings"/>); a flag not typed gives nothing, so the config file or the core's default
/// decides. Core errors name settings by key; <see cref="Translate"/> names the flag instead.</summary>
public sealed class SettingFlags
{
    readonly List<(Option Option, string Key, Func<ParseResult, JsonNode?> Value)> flags = new();

    public IEnumerable<Option> Options => flags.Select(f => f.Option);

    public Option<T> Add<T>(Option<T> option, string key)
    {
        flags.Add((option, key, r => JsonValue.Create(r.GetValue(option))));
        return option;
    }

    /// <summary>A flag without a value that sets <paramref name="key"/> to <paramref name="value"/> when
    /// typed.</summary>
    public Option<bool> AddSwitch(Option<bool> option, string key, bool value)
    {
        flags.Add((option, key, _ => JsonValue.Create(value)));
        return option;
    }

    public JsonObject Given(ParseResult result)
    {
        var settings = new JsonObject();
        foreach (var (option, key, value) in flags)
            if (result.GetResult(option) is { Implicit: false })
                TrainSettings.Set(settings, key, value(result));
        return settings;
    }

    public string Translate(string message) =>
        flags.Aggregate(message, (m, f) => m.Replace($"setting '{f.Key}'", f.Option.Name));
}
