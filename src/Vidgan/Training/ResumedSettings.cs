using System.Text.Json.Nodes;
using Vidgan.Runs;
using Vidgan.Util;
using static TorchSharp.torch;

namespace Vidgan.Training;

/// <summary>Settings given when a run is resumed. How it trains on (learning rates, R1, batch, precision, …) may
/// change, as the advice for a diverged run says ("lower learning rates, then --resume"): the change is written to
/// config.json and announced. What the checkpoint was made with (the model, its clips, the seed) may not: a
/// different value there is refused by name rather than silently ignored.</summary>
public static class ResumedSettings
{
    /// <summary>Keys whose value the checkpoint depends on.</summary>
    static readonly string[] Fixed = ["model", "seed", "clip_set_key", "library"];

    public static TrainConfig Apply(
        TrainConfig config,
        TrainRequest request,
        RunDirectory run,
        Device device,
        List<SetupNote> notes
    )
    {
        var given = (JsonObject)request.Settings.DeepClone();
        var precision = TrainSettings.TakePrecision(given);
        var stored = Tree(config);
        var changes = new List<(string Key, string Text)>();
        var resumed = TrainSettings.ToConfig(TrainSettings.Merge(stored, given));
        Differences(stored, Tree(resumed), "", changes);
        var refused = changes.Where(c => Fixed.Contains(c.Key.Split('.')[0])).Select(c => c.Text).ToList();
        if (request.Size is int size && size != config.Model.Size)
            refused.Add($"size {size} where the run's clips are {config.Model.Size}");
        if (request.Frames is int frames && frames != config.Model.Frames)
            refused.Add($"frames {frames} where the run's clips have {config.Model.Frames}");
        if (refused.Count > 0)
            throw new VidganException(
                $"run {run.Root} keeps the model, clips and seed it was started with, and these differ: "
                    + $"{string.Join("; ", refused)} (start a new run folder to change them)",
                2
            );
        if (precision is PrecisionMode.Fp32 or PrecisionMode.Bf16)
        {
            var (chosen, choice) = PrecisionProbe.Choose(precision.Value, device);
            if (chosen != config.Precision)
            {
                changes.Add(
                    (
                        "precision",
                        $"setting 'precision' {SettingNames.Name(chosen)} where the run had "
                            + SettingNames.Name(config.Precision)
                    )
                );
                resumed = resumed with { Precision = chosen, PrecisionChoice = choice };
            }
        }
        if (changes.Count == 0)
            return config;
        resumed.Validate();
        AtomicFile.WriteAllText(run.ConfigPath, Json.Serialize(resumed));
        notes.Add(new($"resumed with {string.Join("; ", changes.Select(c => c.Text))}"));
        return resumed;
    }

    static JsonObject Tree(TrainConfig config) => (JsonObject)JsonNode.Parse(Json.Serialize(config))!;

    static void Differences(JsonObject stored, JsonObject asked, string prefix, List<(string, string)> changes)
    {
        foreach (var (key, value) in asked)
        {
            var before = stored[key];
            if (value is JsonObject inner && before is JsonObject old)
                Differences(old, inner, $"{prefix}{key}.", changes);
            else if (!JsonNode.DeepEquals(before, value))
                changes.Add(
                    ($"{prefix}{key}", $"setting '{prefix}{key}' {Show(value)} where the run had {Show(before)}")
                );
        }
    }

    static string Show(JsonNode? value) => value?.ToJsonString() ?? "none";
}
