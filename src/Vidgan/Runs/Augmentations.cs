namespace Vidgan.Runs;

/// <summary>The differentiable augmentations a run may use, written in config.json as "none" or a comma list.</summary>
public static class Augmentations
{
    public static readonly string[] Operations = { "color", "translation", "cutout" };

    /// <summary>Parses "none" or a comma-separated list of <see cref="Operations"/>.</summary>
    public static string[] Parse(string policy)
    {
        if (string.IsNullOrWhiteSpace(policy) || policy == "none")
            return Array.Empty<string>();
        var ops = policy.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        foreach (var op in ops)
            if (!Operations.Contains(op))
                throw new VidganException(
                    $"unknown augmentation '{op}': use none or a list of {string.Join(", ", Operations)}",
                    2
                );
        return ops;
    }
}
