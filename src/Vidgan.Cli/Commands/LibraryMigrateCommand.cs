using System.CommandLine;
using Vidgan.Library;

namespace Vidgan.Cli.Commands;

/// <summary><c>vidgan library migrate --to postgres://…</c>: moves the catalog into PostgreSQL.</summary>
public static class LibraryMigrateCommand
{
    public static Command Create()
    {
        var library = CommonOptions.Library();
        var to = new Option<string>("--to")
        {
            Description = "The PostgreSQL database to move the catalog into: postgres://user[:password]@host[:port]/db",
            Required = true,
        };
        var command = new Command(
            "migrate",
            "Copy the library's SQLite catalog into an empty PostgreSQL database, check it, and use it from now on"
        )
        {
            to,
            library,
        };
        command.SetAction(r =>
        {
            string root = VidganLibrary.ResolvePath(r.GetValue(library));
            var target = CatalogLocation.Parse(r.GetValue(to)!);
            var tables = CatalogMigration.ToPostgres(root, target);
            foreach (var t in tables)
                Console.WriteLine($"{t.Table, -18} {t.Rows, 8} rows  sha256 {t.Sha256[..16]}…  same in both");
            Console.WriteLine(
                $"catalog of {root} moved to {target.Display} ({tables.Sum(t => t.Rows)} rows, every table's count "
                    + $"and checksum verified); the SQLite file is kept as {CatalogMigration.KeptFile}"
            );
            return 0;
        });
        return command;
    }
}
