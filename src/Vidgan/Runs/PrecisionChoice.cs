namespace Vidgan.Runs;

/// <summary>What `--precision` asked for (auto, fp32 or bf16), what the probe measured where it ran (float32 time over
/// bf16 time; null when it did not run) and why the run trains in the precision it does. Written to config.json, so
/// the choice can be read back without measuring again.</summary>
public sealed record PrecisionChoice(PrecisionMode Asked, double? Bf16Speedup, string Reason)
{
    /// <summary>True when bf16 was asked for outright on a device where the probe found it slower than
    /// float32.</summary>
    public bool Bf16IsSlower => Asked == PrecisionMode.Bf16 && Bf16Speedup < 1;
}
