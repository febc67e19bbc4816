using Vidgan.Evaluation;

namespace Vidgan.Cli.Output;

/// <summary>Prints an evaluation report as `vidgan evaluate` and the demo show it: a header, then each metric's summary
/// lines.</summary>
public static class EvaluationOutput
{
    public static void Print(EvaluationReport r)
    {
        Console.WriteLine(
            $"evaluation of {r.Architecture} at step {r.Step} against {r.RealClips} real {r.SplitName} clips"
        );
        foreach (var line in r.Summary)
            Console.WriteLine(line);
    }
}
