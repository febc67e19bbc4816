using System.Globalization;
using System.Text.Json.Nodes;
using Vidgan.Library;

namespace Vidgan.Runs;

/// <summary>One point of a run's loss curves.</summary>
public sealed record LossPoint(long Step, double LossD, double LossG, double DReal, double DFake);

/// <summary>Everything a viewer shows of a run: its settings, checkpoints, the last evaluation, loss curves and
/// sample files, read from the catalog and the run folder.</summary>
public sealed record RunOverview(
    RunRecord Run,
    string Name,
    JsonNode? Config,
    IReadOnlyList<CheckpointRecord> Checkpoints,
    JsonNode? Evaluation,
    IReadOnlyList<LossPoint> Losses,
    IReadOnlyList<string> Samples
)
{
    /// <summary>Loss curves are thinned to at most this many points.</summary>
    public const int MaxLossPoints = 400;

    public static RunOverview Read(VidganLibrary lib, RunRecord run)
    {
        var dir = new RunDirectory(run.RunDir);
        return new RunOverview(
            run,
            Path.GetFileName(run.RunDir.TrimEnd('/')),
            ReadJson(dir.ConfigPath),
            lib.Catalog.Checkpoints(run.Id),
            ReadJson(dir.EvaluationPath),
            ReadLosses(dir.LossesPath),
            SampleFiles(dir)
        );
    }

    /// <summary>The sample files of a run (grids as PNG and MP4), by file name.</summary>
    public static IReadOnlyList<string> SampleFiles(RunDirectory dir) =>
        Directory.Exists(dir.SampleDir)
            ? Directory
                .EnumerateFiles(dir.SampleDir)
                .Select(Path.GetFileName)
                .OfType<string>()
                .Where(n => !n.StartsWith('.') && (n.EndsWith(".png") || n.EndsWith(".mp4")))
                .Order(StringComparer.Ordinal)
                .ToList()
            : [];

    static JsonNode? ReadJson(string path)
    {
        try
        {
            return File.Exists(path) ? JsonNode.Parse(File.ReadAllText(path)) : null;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    static List<LossPoint> ReadLosses(string path)
    {
        if (!File.Exists(path))
            return [];
        var byStep = new SortedDictionary<long, LossPoint>();
        foreach (string line in File.ReadLines(path).Skip(1))
        {
            string[] c = line.Split(',');
            if (c.Length < 5 || !long.TryParse(c[0], CultureInfo.InvariantCulture, out long step))
                continue;
            double[] v = c[1..5]
                .Select(x => double.TryParse(x, CultureInfo.InvariantCulture, out double d) ? d : 0)
                .ToArray();
            byStep[step] = new LossPoint(step, v[0], v[1], v[2], v[3]);
        }
        var all = byStep.Values.ToList();
        int every = Math.Max(1, (all.Count + MaxLossPoints - 1) / MaxLossPoints);
        return all.Where((_, i) => i % every == 0 || i == all.Count - 1).ToList();
    }
}
