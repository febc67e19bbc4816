using Vidgan.Library;
using Vidgan.Util;

namespace Vidgan.Data;

/// <summary>Assigns whole source videos to train or test by a hash of their content, so the split is the
/// same on every machine, does not move when videos are added, and never cuts one video across both sides.</summary>
public static class SplitAssignment
{
    public static Split For(string contentSha256, double testFraction) =>
        Hashing.UnitInterval("split/" + contentSha256) < testFraction ? Split.Test : Split.Train;
}
