using System.CommandLine;
using System.Text.Json.Nodes;
using Vidgan.Runs;

namespace Vidgan.Cli;

/// <summary>Flags that set one training setting each, by config.json's key: what the user typed becomes a given setting
/// (<see cref="TrainSettings"/>); a flag not typed gives nothing, so the config file or the core's default decides.
/// Each flag is registered with <see cref="FlagNames"/>, so core text naming its setting shows the flag.</summary>
public sealed class SettingFlags
{
    readonly List<(Option Option, string Key, Func<ParseResult, JsonNode?> Value)> flags = new();

    public IEnumerable<Option> Options => flags.Select(f => f.Option);

    public Option<T> Add<T>(Option<T> option, string key)
    {
        FlagNames.Register(key, option.Name);
        flags.Add((option, key, r => JsonValue.Create(r.GetValue(option))));
        return option;
    }

    /// <summary>A flag without a value that sets <paramref name="key"/> to <paramref name="value"/> when
    /// typed.</summary>
    public Option<bool> AddSwitch(Option<bool> option, string key, bool value)
    {
        FlagNames.Register(key, option.Name);
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
}
