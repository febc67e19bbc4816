using Vidgan.Generation;

namespace Vidgan.Tests.Generation;

public class CurationTests
{
    static readonly Candidate[] Clips =
    {
        new(0, "a", 0.9, false),
        new(1, "a", 0.8, false),
        new(2, "a", 0.7, false),
        new(3, "b", 0.95, true),
        new(4, "b", 0.3, false),
        new(5, "b", 0.6, false),
    };

    static int[] Kept(CurationRules rules)
    {
        var rejected = Curation.Rejections(Clips, rules);
        return Clips.Select(c => c.Index).Where(i => !rejected.ContainsKey(i)).ToArray();
    }

    [Fact]
    public void NoRulesKeepsEverything() => Assert.Equal(new[] { 0, 1, 2, 3, 4, 5 }, Kept(new CurationRules()));

    [Fact]
    public void MinScoreAndNearCopies()
    {
        Assert.Equal(new[] { 0, 1, 2, 3, 5 }, Kept(new CurationRules(MinScore: 0.5)));
        Assert.Equal(new[] { 0, 1, 2, 5 }, Kept(new CurationRules(MinScore: 0.5, RejectNearCopies: true)));
        Assert.Equal(
            "near-copy of a training clip",
            Curation.Rejections(Clips, new CurationRules(RejectNearCopies: true))[3]
        );
    }

    [Fact]
    public void TopKKeepsTheBestAfterFilters()
    {
        Assert.Equal(new[] { 0, 3 }, Kept(new CurationRules(TopK: 2)));
        Assert.Equal(new[] { 0, 1 }, Kept(new CurationRules(TopK: 2, RejectNearCopies: true)));
    }

    [Fact]
    public void MaxPerClassBalancesClasses()
    {
        Assert.Equal(new[] { 0, 3 }, Kept(new CurationRules(MaxPerClass: 1)));
        Assert.Equal(new[] { 0, 1, 3, 5 }, Kept(new CurationRules(MaxPerClass: 2)));
        Assert.Equal(new[] { 0, 1, 3 }, Kept(new CurationRules(MaxPerClass: 2, TopK: 3)));
        Assert.Contains("setting 'max_per_class' 1", Curation.Rejections(Clips, new CurationRules(MaxPerClass: 1))[1]);
    }

    [Fact]
    public void BadRulesAreUsageErrors()
    {
        Assert.Equal(2, Assert.Throws<VidganException>(() => new CurationRules(TopK: 0).Validate()).ExitCode);
        Assert.Equal(2, Assert.Throws<VidganException>(() => new CurationRules(MinScore: 1.5).Validate()).ExitCode);
    }
}
