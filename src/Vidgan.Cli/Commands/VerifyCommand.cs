using System.CommandLine;
using Vidgan.Cli.Output;
using Vidgan.Library;
using Vidgan.Trust;
using Vidgan.Util;

namespace Vidgan.Cli.Commands;

/// <summary><c>vidgan verify FILE…</c>: one line per file on its Content Credentials and labels; exit 0 only when
/// every file verifies as generated and unchanged.</summary>
public static class VerifyCommand
{
    public static Command Create()
    {
        var files = new Argument<string[]>("files") { Description = "Files to check", Arity = ArgumentArity.OneOrMore };
        var library = CommonOptions.Library();
        library.Description =
            "Library whose key and assets to compare with (default: the default library when there is one)";
        var json = new Option<bool>("--json") { Description = "Print JSON instead of one line per file" };
        var command = new Command("verify", "Check that files carry valid Content Credentials saying a model made them")
        {
            files,
            library,
            json,
        };
        command.SetAction(r =>
        {
            string? path = r.GetValue(library);
            bool explicitLibrary =
                path != null || Environment.GetEnvironmentVariable(VidganLibrary.EnvironmentVariable) != null;
            using var lib =
                explicitLibrary || File.Exists(Path.Combine(VidganLibrary.ResolvePath(null), "catalog.db"))
                    ? VidganLibrary.Open(path, create: false)
                    : null;
            var verdicts = r.GetValue(files)!.Select(f => Verification.Verify(f, lib)).ToList();
            if (r.GetValue(json))
                Console.WriteLine(Json.Serialize(verdicts.Select(v => new { v.GeneratedAndIntact, Verdict = v })));
            else
                foreach (var v in verdicts)
                    Console.WriteLine(VerifyOutput.Line(v));
            return verdicts.All(v => v.GeneratedAndIntact) ? 0 : 1;
        });
        return command;
    }
}
