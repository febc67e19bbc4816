using Vidgan.Library;
using Vidgan.Util;

namespace Vidgan.Data;

/// <summary>Assigns whole source videos to train or test by a hash of their content, so the split is the
/// same on every machine, does not move when videos are added, and never cuts one video across both sides.</summary>
public static class SplitAssignment
{
    public static Split For(string contentSha256, double testFraction) =>
        Hashing.UnitInterval("split/" + contentSha256) < testFraction ? Split.Test : Split.Train;

    /// <summary>One line, with the fix, for each class whose few videos all fell on one side of the split: a class
    /// without training clips cannot be learned, one without held-out clips cannot be measured.</summary>
    public static IReadOnlyList<string> Gaps(IEnumerable<ClassCount> classes, double testFraction) =>
        classes
            .Select(c =>
                c.TrainClips == 0 && c.TestClips > 0
                    ? $"class {c.Class} has no training clips: {Videos(c)} held out for testing, so no model can "
                        + "learn it (add videos of it, or lower setting 'test_fraction')"
                : c.TestClips == 0 && c.TrainClips > 0 && testFraction > 0
                    ? $"class {c.Class} has no held-out clips: {Videos(c)} used for training, so evaluate cannot "
                        + "measure it (add videos of it, or raise setting 'test_fraction')"
                : null
            )
            .OfType<string>()
            .ToArray();

    /// <summary>Videos and clips per class on each side of the split, over all of a clip set's clips.</summary>
    public static IReadOnlyList<ClassCount> Counts(IEnumerable<ClipRecord> clips) =>
        clips
            .GroupBy(c => c.Class ?? Unlabelled)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new ClassCount(
                g.Key,
                g.Select(c => c.AssetId).Distinct().Count(),
                g.Count(c => c.Split == Split.Train),
                g.Count(c => c.Split == Split.Test)
            ))
            .ToArray();

    public const string Unlabelled = "(unlabelled)";

    static string Videos(ClassCount c) => c.Videos == 1 ? "its one video is" : $"all {c.Videos} of its videos are";
}
