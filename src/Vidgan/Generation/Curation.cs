namespace Vidgan.Generation;

public sealed record CurationRules(
    double? MinScore = null,
    int? TopK = null,
    int? MaxPerClass = null,
    bool RejectNearCopies = false
)
{
    public void Validate()
    {
        if (MinScore is < 0 or > 1)
            throw new VidganException("setting 'min_score' must be between 0 and 1", 2);
        if (TopK is < 1)
            throw new VidganException("setting 'top_k' must be at least 1", 2);
        if (MaxPerClass is < 1)
            throw new VidganException("setting 'max_per_class' must be at least 1", 2);
    }
}

public sealed record Candidate(int Index, string? Class, double Score, bool NearCopy);

/// <summary>Decides which generated clips are kept: filters first (near-copies, minimum score), then the best by score,
/// at most <c>MaxPerClass</c> per class and <c>TopK</c> in all. Returns a reason for every rejected clip.</summary>
public static class Curation
{
    public static IReadOnlyDictionary<int, string> Rejections(IReadOnlyList<Candidate> candidates, CurationRules rules)
    {
        var rejected = new Dictionary<int, string>();
        foreach (var c in candidates)
        {
            if (rules.RejectNearCopies && c.NearCopy)
                rejected[c.Index] = "near-copy of a training clip";
            else if (rules.MinScore is double min && c.Score < min)
                rejected[c.Index] = $"score below setting 'min_score' {min:0.##}";
        }
        var perClass = new Dictionary<string, int>();
        int kept = 0;
        foreach (
            var c in candidates
                .Where(c => !rejected.ContainsKey(c.Index))
                .OrderByDescending(c => c.Score)
                .ThenBy(c => c.Index)
        )
        {
            string cls = c.Class ?? "";
            int already = perClass.GetValueOrDefault(cls);
            if (rules.MaxPerClass is int max && already >= max)
            {
                rejected[c.Index] = $"class already has setting 'max_per_class' {max}";
                continue;
            }
            if (rules.TopK is int k && kept >= k)
            {
                rejected[c.Index] = $"not in the setting 'top_k' {k}";
                continue;
            }
            perClass[cls] = already + 1;
            kept++;
        }
        return rejected;
    }
}
