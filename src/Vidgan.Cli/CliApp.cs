using System.CommandLine;
using Vidgan.Cli.Commands;
using Vidgan.Cli.Output;
using Vidgan.Library;
using Vidgan.Util;

namespace Vidgan.Cli;

/// <summary>Builds the <c>vidgan</c> command tree and turns failures into one-line errors with exit codes:
/// 0 success, 1 error, 2 bad usage, 130 interrupted.</summary>
public static class CliApp
{
    public static RootCommand Build()
    {
        var root = new RootCommand(
            "Vidgan: turn a folder of video clips into a library of generated clips with video GANs."
        );
        root.Add(MakeDataCommand.Create());
        root.Add(IngestCommand.Create());
        root.Add(TrainCommand.Create());
        root.Add(GenerateCommand.Create());
        root.Add(EvaluateCommand.Create());
        root.Add(LibraryCommand.Create());
        root.Add(DemoCommand.Create());
        root.Add(ServeCommand.Create());
        root.Add(TokenCommand.Create());
        root.Add(VerifyCommand.Create());
        root.Add(KeysCommand.Create());
        root.Add(WorkerCommand.Create());
        root.Add(Catalog);
        return root;
    }

    /// <summary>Every command's catalog when it is not the library's own (<see cref="CatalogLocation.For"/>).</summary>
    static readonly Option<string?> Catalog = new("--catalog")
    {
        Recursive = true,
        Description =
            $"The library's catalog: postgres://user[:password]@host[:port]/database or an SQLite file (default: "
            + $"${CatalogLocation.EnvironmentVariable}, else the library's catalog.url, else its catalog.db)",
    };

    public static int Run(string[] args)
    {
        var root = Build();
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            Console.Error.WriteLine($"error: {OneLine.Of(ParseProblem.Describe(parse.Errors[0]))}");
            string command = string.Join(
                ' ',
                parse.CommandResult.Command == root ? [] : CommandPath(parse.CommandResult.Command, root)
            );
            Console.Error.WriteLine($"Run 'vidgan {command}{(command.Length > 0 ? " " : "")}--help' for usage.");
            return 2;
        }
        try
        {
            if (parse.GetValue(Catalog) is string catalog)
            {
                // The flag stands for the variable in this process (and in the workers it starts), where the core
                // looks for it.
                CatalogLocation.Parse(catalog);
                Environment.SetEnvironmentVariable(CatalogLocation.EnvironmentVariable, catalog);
            }
            // Our own handler below prints user errors as one line; bugs still surface with their stack trace.
            return parse.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (VidganException e)
        {
            Console.Error.WriteLine($"error: {OneLine.Of(FlagNames.Translate(e.Message))}");
            return e.ExitCode;
        }
        catch (IOException e) when (DiskFull.Is(e))
        {
            Console.Error.WriteLine($"error: {DiskFull.Describe(e)}");
            return 1;
        }
    }

    static Stack<string> CommandPath(Command command, RootCommand root)
    {
        var names = new Stack<string>();
        for (var c = command; c != null && c != root; c = c.Parents.OfType<Command>().FirstOrDefault())
            names.Push(c.Name);
        return names;
    }
}
