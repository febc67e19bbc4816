using System.CommandLine;
using Vidgan.Library;

namespace Vidgan.Cli.Commands;

/// <summary><c>vidgan library check [--repair]</c>: is anything in the library lost, corrupt or left
/// half-written.</summary>
public static class LibraryCheckCommand
{
    public static Command Create()
    {
        var library = CommonOptions.Library();
        var repair = new Option<bool>("--repair")
        {
            Description = "Remove temp files, unused files and damaged cache entries (run it when nothing else writes)",
        };
        var command = new Command("check", "Check the catalog, every file and checkpoint, and leftovers of crashes")
        {
            library,
            repair,
        };
        command.SetAction(r =>
        {
            using var lib = VidganLibrary.Open(r.GetValue(library), create: false);
            var report = LibraryCheck.Run(lib, r.GetValue(repair));
            foreach (var line in report.Checked)
                Console.WriteLine(line);
            foreach (var line in report.Warnings)
                Console.WriteLine($"warning: {line}");
            foreach (var line in report.Problems)
                Console.WriteLine($"problem: {line}");
            foreach (var line in report.Repaired)
                Console.WriteLine($"repaired: {line}");
            Console.WriteLine(
                report.Passed
                    ? $"library check: passed ({report.Warnings.Count} warnings)"
                    : $"library check: FAILED ({report.Problems.Count} problems)"
            );
            return report.Passed ? 0 : 1;
        });
        return command;
    }
}
