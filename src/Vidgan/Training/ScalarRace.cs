using System.Runtime.InteropServices;

namespace Vidgan.Training;

/// <summary>TorchSharp 0.107's known race (README, "Training runs"): a Scalar made on the fly for a tensor operation
/// can be finalised while libtorch reads it, and libtorch rejects the freed value with an error. Nothing is written
/// from the step that met it, and a run resumed from its last checkpoint repeats the same steps, so training picks up
/// from there a few times before it gives up.</summary>
public static class ScalarRace
{
    public const int MaxResumes = 3;

    /// <summary>What libtorch says when it reads a Scalar whose memory was freed under it.</summary>
    static readonly string[] Signatures = ["Unknown scalar type", "c10/core/Scalar.h"];

    public static bool Is(Exception e) =>
        e is ExternalException && Signatures.Any(s => e.Message.Contains(s, StringComparison.Ordinal));

    /// <param name="train">Trains, resuming from the run's last checkpoint when given true.</param>
    public static T ResumeAfter<T>(Func<bool, T> train, bool resume, Action<string> say)
    {
        for (int resumes = 0; ; resumes++)
        {
            try
            {
                return train(resume || resumes > 0);
            }
            catch (Exception e) when (Is(e))
            {
                if (resumes == MaxResumes)
                    throw new VidganException(
                        $"training stopped: libtorch read a freed number {MaxResumes + 1} times (TorchSharp 0.107's "
                            + "Scalar race, see the README); nothing was saved from the failed steps, so run the "
                            + "same command with setting 'resume' to continue from the last checkpoint"
                    );
                say(
                    "libtorch read a freed number (TorchSharp 0.107's Scalar race, see the README); nothing was "
                        + "saved from that step, and training continues from the last checkpoint"
                );
            }
        }
    }
}
