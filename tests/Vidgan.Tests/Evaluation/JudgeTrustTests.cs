using Vidgan.Evaluation;

namespace Vidgan.Tests.Evaluation;

public class JudgeTrustTests
{
    static JudgeReport Judge(double realAccuracy, bool selfSupervised) =>
        new(JudgeSource.TrainedNow, 20, realAccuracy, null, null, new Dictionary<string, double>(), selfSupervised);

    [Fact]
    public void AJudgeThatCallsNoRealClipInOrderMakesTheFeatureFiguresUntrustworthyAndSaysWhatToTry()
    {
        string problem = JudgeTrust.Problem(Judge(0.0, selfSupervised: true), "test")!;
        Assert.StartsWith("the self-supervised judge calls only 0.0% of real test clips in order (needs 60%)", problem);
        Assert.Contains("in-domain FD and precision/recall below are not trustworthy", problem);
        Assert.Contains("--label-from", problem);
    }

    [Theory]
    [InlineData(0.59, false, false)]
    [InlineData(0.60, false, true)]
    [InlineData(0.95, true, true)]
    [InlineData(0.30, true, false)]
    public void TheJudgeIsTrustedFromSixtyPercentOfRealClips(double accuracy, bool selfSupervised, bool trusted)
    {
        string? problem = JudgeTrust.Problem(Judge(accuracy, selfSupervised), "test");
        Assert.Equal(trusted, problem == null);
        if (!trusted)
            Assert.Contains(selfSupervised ? "in order" : "recognises only", problem);
    }
}
