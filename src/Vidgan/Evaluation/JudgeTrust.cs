namespace Vidgan.Evaluation;

/// <summary>Whether the judge's feature space means anything for these clips: a judge that does not recognise real
/// held-out clips (on unlabelled camera footage its self-supervised task can fail outright) makes the in-domain
/// Fréchet distance and precision/recall numbers without meaning. The pixel-space near-copy check does not use the
/// judge and stays valid.</summary>
public static class JudgeTrust
{
    /// <summary>The least share of real held-out clips the judge must get right (for the self-supervised judge: call
    /// in order) before its features are used to rate generated clips.</summary>
    public const double MinRealAccuracy = 0.6;

    /// <summary>Null when the judge can be trusted; else why not, with what to try.</summary>
    public static string? Problem(JudgeReport judge, string split)
    {
        if (judge.RealAccuracy >= MinRealAccuracy)
            return null;
        string what = judge.SelfSupervised
            ? $"the self-supervised judge calls only {judge.RealAccuracy * 100:0.0}% of real {split} clips in order"
            : $"the judge recognises only {judge.RealAccuracy * 100:0.0}% of real {split} clips";
        return $"{what} (needs {MinRealAccuracy * 100:0}%): the in-domain FD and precision/recall below are not "
            + "trustworthy (the judge-free FD is); labels (--label-from), more held-out clips (--test-fraction) or an "
            + "I3D file (--i3d, FVD) make the judge's figures count";
    }
}
