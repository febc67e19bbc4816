using Vidgan.Runs;
using Vidgan.Util;

namespace Vidgan.Training;

/// <summary>When `--precision auto` chose bf16 and training diverges, the run switches to float32 once (its config.json
/// rewritten) and continues from its last good checkpoint, or from the start when it has none.</summary>
public static class PrecisionFallback
{
    public static TrainResult Run(
        TrainConfig config,
        RunDirectory run,
        bool resume,
        Action<string> say,
        Func<TrainConfig, bool, TrainResult> train
    )
    {
        try
        {
            return train(config, resume);
        }
        catch (TrainingDivergedException e)
            when (config.Precision == Precision.Bf16 && config.PrecisionChoice?.Asked == PrecisionMode.Auto)
        {
            var fp32 = config with
            {
                Precision = Precision.Fp32,
                PrecisionChoice = config.PrecisionChoice with { Reason = $"bf16 diverged at step {e.Step}" },
            };
            AtomicFile.WriteAllText(run.ConfigPath, Json.Serialize(fp32));
            say(
                $"bf16 diverged at step {e.Step}; setting 'precision' auto falls back to fp32 once and continues from "
                    + (e.LastGoodCheckpoint is string c ? Path.GetFileName(c) : "the start")
            );
            return train(fp32, true);
        }
    }
}
