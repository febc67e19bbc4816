using Vidgan.Data;
using Vidgan.Library;

namespace Vidgan.Tests.Data;

public class LabelAndSplitTests
{
    [Theory]
    [InlineData("/d/a_1.mp4", "a")]
    [InlineData("/d/z_10.mp4", "z")]
    [InlineData("/d/big_cat_3.mov", "big_cat")]
    [InlineData("/d/walk-12.webm", "walk")]
    [InlineData("/d/run_fast.mp4", "run")]
    [InlineData("/d/clip.mp4", null)]
    public void LabelFromPrefix(string file, string? expected) =>
        Assert.Equal(expected, Labels.For(file, "/d", LabelSource.Prefix));

    [Fact]
    public void LabelFromFolderUsesTheParentFolderName()
    {
        Assert.Equal("dogs", Labels.For("/d/dogs/x.mp4", "/d", LabelSource.Folder));
        Assert.Equal("running", Labels.For("/d/animals/running/x_1.mp4", "/d", LabelSource.Folder));
        Assert.Null(Labels.For("/d/x.mp4", "/d", LabelSource.Folder));
        Assert.Null(Labels.For("/d/a_1.mp4", "/d", LabelSource.None));
    }

    [Fact]
    public void UnknownLabelSourceIsAUsageError() =>
        Assert.Equal(2, Assert.Throws<VidganException>(() => Labels.Parse("filename")).ExitCode);

    [Fact]
    public void SplitIsDeterministicAndNearTheRequestedFraction()
    {
        var hashes = Enumerable.Range(0, 2000).Select(i => Vidgan.Util.Hashing.Sha256($"video {i}")).ToArray();
        var first = hashes.Select(h => SplitAssignment.For(h, 0.2)).ToArray();
        var second = hashes.Select(h => SplitAssignment.For(h, 0.2)).ToArray();
        Assert.Equal(first, second);
        double testShare = first.Count(s => s == Split.Test) / 2000.0;
        Assert.InRange(testShare, 0.17, 0.23);
        Assert.All(hashes, h => Assert.Equal(Split.Train, SplitAssignment.For(h, 0)));
    }

    [Fact]
    public void ClassesLeftOnOneSideOfTheSplitAreNamedWithTheFix()
    {
        var classes = new[]
        {
            new ClassCount("street", 2, TrainClips: 0, TestClips: 5),
            new ClassCount("nature", 1, TrainClips: 4, TestClips: 0),
            new ClassCount("cartoon", 3, TrainClips: 4, TestClips: 2),
        };
        var gaps = SplitAssignment.Gaps(classes, 0.2);
        Assert.Equal(2, gaps.Count);
        Assert.Equal(
            "class street has no training clips: all 2 of its videos are held out for testing, so no model can "
                + "learn it (add videos of it, or lower setting 'test_fraction')",
            gaps[0]
        );
        Assert.Equal(
            "class nature has no held-out clips: its one video is used for training, so evaluate cannot measure it "
                + "(add videos of it, or raise setting 'test_fraction')",
            gaps[1]
        );
        Assert.Equal([gaps[0]], SplitAssignment.Gaps(classes, 0));
    }

    [Fact]
    public void ClipWindowsCoverTheVideoWithTheStride()
    {
        Assert.Equal(new[] { 0, 16, 32 }, ClipWindows.Starts(48, 16, 16));
        Assert.Equal(new[] { 0, 8, 16, 24, 32 }, ClipWindows.Starts(48, 16, 8));
        Assert.Empty(ClipWindows.Starts(15, 16, 16));
    }
}
