using Vidgan.Generation;
using Vidgan.Runs;
using Vidgan.Util;

namespace Vidgan.Cli.Output;

/// <summary>Prints what `vidgan generate` and the demo generated: one line a clip (name - score, and why it was not
/// kept), then where the kept ones went.</summary>
public static class GenerationOutput
{
    /// <param name="addedTo">The library the kept clips were added to, or null.</param>
    public static void Print(GenerateReport report, string? addedTo)
    {
        foreach (var c in report.Clips)
        {
            string note =
                !c.Kept ? $"  (not kept: {FlagNames.Translate(c.RejectReason!)})"
                : c.DuplicateOf is long dup ? $"  (the same clip as library asset {dup}; stored once)"
                : c.NearCopy ? "  (near-copy of a training clip)"
                : "";
            Console.WriteLine($"{c.Name} - {c.Score:0.00}{note}");
        }
        foreach (string overview in report.Overviews)
            Console.WriteLine($"overview: {overview}");
        if (report.PrecisionChoice is { Asked: not PrecisionMode.Fp32 } choice)
            Console.WriteLine($"sampled and scored in {SettingNames.Name(report.Precision)}: {choice.Reason}");
        int kept = report.Clips.Count(c => c.Kept);
        Console.WriteLine(
            $"{kept} of {report.Clips.Count} clips kept in {report.OutDir} (checkpoint step {report.Step})"
                + (addedTo != null ? $"; added to library {addedTo}" : "")
        );
    }
}
