namespace Vidgan.Training;

/// <summary>What `--precision` asked for (auto, fp32 or bf16), what the probe measured where it ran (float32 time over
/// bf16 time; null when it did not run) and why the run trains in the precision it does. Written to config.json, so
/// the choice can be read back without measuring again.</summary>
public sealed record PrecisionChoice(string Asked, double? Bf16Speedup, string Reason)
{
    /// <summary>True when bf16 was asked for outright on a device where the probe found it slower than float32.</summary>
    public bool Bf16IsSlower => Asked == "bf16" && Bf16Speedup < 1;

    /// <summary>Resolves <paramref name="asked"/> into a precision (measuring only when it matters) and says why.</summary>
    public static (string Precision, PrecisionChoice Choice) Resolve(string asked, TorchSharp.torch.Device device)
    {
        if (asked == "fp32") return ("fp32", new PrecisionChoice(asked, null, "float32 was asked for"));
        var probe = PrecisionProbe.For(device);
        return asked == "auto"
            ? (probe.Precision, new PrecisionChoice(asked, probe.Speedup, probe.Reason))
            : (asked, new PrecisionChoice(asked, probe.Speedup, probe.Reason));
    }
}
