using Vidgan.Util;

namespace Vidgan.Data;

/// <summary>Assigns whole source videos to train or test by a hash of their content, so the split is the
/// same on every machine, does not move when videos are added, and never cuts one video across both sides.</summary>
public static class Split
{
    public const string Train = "train";
    public const string Test = "test";

    public static string For(string contentSha256, double testFraction) =>
        Hashing.UnitInterval("split/" + contentSha256) < testFraction ? Test : Train;
}
