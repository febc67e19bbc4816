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
            using var lib = explicitLibrary ? VidganLibrary.Open(path, create: false) : DefaultLibrary();
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

    /// <summary>The default library when there is one this command can open (an encrypted one needs its key), for
    /// the extra facts it gives; verifying a file needs no library.</summary>
    static VidganLibrary? DefaultLibrary()
    {
        if (!File.Exists(Path.Combine(VidganLibrary.ResolvePath(null), "catalog.db")))
            return null;
        try
        {
            return VidganLibrary.Open(null, create: false);
        }
        catch (VidganException)
        {
            return null;
        }
    }
}
