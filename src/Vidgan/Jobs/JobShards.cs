using System.Text.Json.Nodes;
using Vidgan.Library;
using Vidgan.Util;

namespace Vidgan.Jobs;

/// <summary>How a large job is split so that every worker can take part: a generate job of more than
/// <see cref="GenerateShard"/> clips becomes shards of that many, each with its own seeds (seed, seed + 50, …), so
/// that a shard run twice after its worker died makes the same clips, which the library finds and does not record
/// again.
/// A job that curates across the whole batch (best K, K per class) stays whole. A sweep is one train job per
/// run.</summary>
public static class JobShards
{
    public const int GenerateShard = 50;

    /// <summary>The shards of <paramref name="request"/>, or null when it runs as one job.</summary>
    public static IReadOnlyList<JobRequest>? Split(JobRequest request)
    {
        if (request is SweepJob sweep)
            return sweep.Runs;
        if (request is not GenerateJob g || g.Count <= GenerateShard || g.TopK != null || g.MaxPerClass != null)
            return null;
        var shards = new List<JobRequest>();
        for (int done = 0; done < g.Count; done += GenerateShard)
            shards.Add(g with { Count = Math.Min(GenerateShard, g.Count - done), Seed = g.Seed + done });
        return shards;
    }

    /// <summary>A sharded job's result: clips generated and kept over all its shards; for a sweep, each run's id and
    /// last step.</summary>
    public static string Result(IReadOnlyList<JobRecord> shards)
    {
        var results = shards.Select(s => s.Result is string r ? JsonNode.Parse(r) : null).ToList();
        if (shards.All(s => s.Kind == "train"))
            return Json.Compact(new { Runs = results, Shards = shards.Count });
        return Json.Compact(
            new
            {
                Generated = results.Sum(r => r?["generated"]?.GetValue<int>() ?? 0),
                Kept = results.Sum(r => r?["kept"]?.GetValue<int>() ?? 0),
                Shards = shards.Count,
            }
        );
    }
}
