namespace Vidgan.Evaluation;

/// <summary>Judges that ship inside Vidgan for clip sets anyone can make: the demo's shapes (`make-data shapes`'
/// defaults, ingested as the demo does), so that the demo need not spend minutes training one. Each is found by its
/// cache file name, which names exactly the training clips (by their files' hashes) and the judge's recipe
/// (<see cref="Judge.CachePath"/>). x264 may encode the shapes differently on another CPU kind, so one ships for each
/// kind measured whose files differ; where none matches, the judge is trained as before.</summary>
public static class ShippedJudge
{
    const string Prefix = "shipped-judges/";

    /// <summary>The file names of the judges that ship.</summary>
    public static IReadOnlyList<string> Names =>
        typeof(ShippedJudge)
            .Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(Prefix, StringComparison.Ordinal))
            .Select(n => n[Prefix.Length..])
            .ToArray();

    /// <summary>The shipped judge cached under <paramref name="fileName"/>, or null.</summary>
    public static Stream? Open(string fileName) =>
        typeof(ShippedJudge).Assembly.GetManifestResourceStream(Prefix + fileName);
}
