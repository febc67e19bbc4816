namespace Vidgan.Training;

/// <summary>A training step produced a non-finite loss or weight. Nothing was written from that step on; the run's
/// newest checkpoint (if any) is the last good one.</summary>
public sealed class TrainingDivergedException(long step, string what, string? lastGoodCheckpoint)
    : VidganException(Describe(step, what, lastGoodCheckpoint))
{
    public long Step { get; } = step;
    public string? LastGoodCheckpoint { get; } = lastGoodCheckpoint;

    static string Describe(long step, string what, string? checkpoint) =>
        $"training diverged at step {step}: {what}; nothing was saved from that step, "
        + (checkpoint is null ? "and the run has no checkpoint yet" : $"the last good checkpoint is {checkpoint}")
        + "; try lower learning rates (setting 'learning_rate_g', setting 'learning_rate_d'), a larger setting "
        + "'r1_gamma', or setting 'precision' fp32"
        + (checkpoint is null ? "" : ", then setting 'resume'");
}
