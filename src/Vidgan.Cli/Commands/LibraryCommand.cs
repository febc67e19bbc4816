using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Vidgan.Library;
using Vidgan.Util;

namespace Vidgan.Cli.Commands;

public static class LibraryCommand
{
    public static Command Create()
    {
        var command = new Command("library", "Browse, export and curate the library");
        command.Add(List());
        command.Add(Show());
        command.Add(Export());
        command.Add(Remove());
        command.Add(Stats());
        command.Add(LibraryCheckCommand.Create());
        command.Add(LibraryEncryptionCommands.Init());
        command.Add(LibraryEncryptionCommands.Encrypt());
        command.Add(LibraryEncryptionCommands.Rekey());
        command.Add(LibraryMigrateCommand.Create());
        return command;
    }

    sealed record Filters(
        Option<string?> Source,
        Option<string?> Class,
        Option<double?> MinScore,
        Option<string?> Split,
        Option<string?> Tag,
        Option<string> Sort,
        Option<int?> Limit
    )
    {
        public static Filters Create()
        {
            var source = new Option<string?>("--source") { Description = "real or generated" };
            source.AcceptOnlyFromAmong(SettingNames.Names<AssetSource>());
            var split = new Option<string?>("--split") { Description = "train or test (real videos)" };
            split.AcceptOnlyFromAmong(SettingNames.Names<Split>());
            var sort = new Option<string>("--sort")
            {
                Description = "id, name, score or created",
                DefaultValueFactory = _ => "id",
            };
            sort.AcceptOnlyFromAmong(SettingNames.Names<AssetSort>());
            return new Filters(
                source,
                new Option<string?>("--class") { Description = "Only this class" },
                new Option<double?>("--min-score") { Description = "Only assets scored at least this high" },
                split,
                new Option<string?>("--tag") { Description = "Only assets with this tag (e.g. synthetic, near-copy)" },
                sort,
                new Option<int?>("--limit") { Description = "At most this many" }
            );
        }

        public void AddTo(Command c)
        {
            c.Add(Source);
            c.Add(Class);
            c.Add(MinScore);
            c.Add(Split);
            c.Add(Tag);
            c.Add(Sort);
            c.Add(Limit);
        }

        public AssetFilter Read(ParseResult r) =>
            new(
                r.GetValue(Source) is string source ? SettingNames.Parse<AssetSource>(source, "source") : null,
                r.GetValue(Class),
                r.GetValue(MinScore),
                r.GetValue(Split) is string split ? SettingNames.Parse<Split>(split, "split") : null,
                r.GetValue(Tag),
                SettingNames.Parse<AssetSort>(r.GetValue(Sort)!, "sort"),
                r.GetValue(Limit)
            );
    }

    static Command List()
    {
        var library = CommonOptions.Library();
        var filters = Filters.Create();
        var json = new Option<bool>("--json") { Description = "Print JSON instead of a table" };
        var command = new Command("list", "List library assets") { library, json };
        filters.AddTo(command);
        command.SetAction(r =>
        {
            using var lib = VidganLibrary.Open(r.GetValue(library), create: false);
            var assets = lib.Catalog.ListAssets(filters.Read(r));
            if (r.GetValue(json))
            {
                Console.WriteLine(Json.Serialize(assets));
                return 0;
            }
            var table = new Table().AddColumns(
                "id",
                "source",
                "name",
                "class",
                "split",
                "score",
                "size",
                "frames",
                "tags"
            );
            foreach (var a in assets)
                table.AddRow(
                    a.Id.ToString(),
                    SettingNames.Name(a.Source),
                    Markup.Escape(a.Name),
                    Markup.Escape(a.Class ?? ""),
                    a.Split is Split split ? SettingNames.Name(split) : "",
                    a.Score?.ToString("0.00", CultureInfo.InvariantCulture) ?? "",
                    $"{a.Width}×{a.Height}",
                    a.Frames.ToString(),
                    Markup.Escape(string.Join(",", a.Tags))
                );
            AnsiConsole.Write(table);
            Console.WriteLine($"{assets.Count} assets");
            return 0;
        });
        return command;
    }

    static Command Show()
    {
        var library = CommonOptions.Library();
        var id = new Argument<long>("ID") { Description = "Asset id (from 'library list')" };
        var command = new Command("show", "Show one asset with its provenance") { id, library };
        command.SetAction(r =>
        {
            using var lib = VidganLibrary.Open(r.GetValue(library), create: false);
            var asset = Curation.Find(lib, r.GetValue(id));
            Console.WriteLine(Json.Serialize(asset with { }));
            Console.WriteLine($"file: {lib.Blobs.PathFor(asset.Sha256)}");
            return 0;
        });
        return command;
    }

    static Command Export()
    {
        var library = CommonOptions.Library();
        var outDir = new Option<string>("--out") { Description = "Folder to export into", Required = true };
        var filters = Filters.Create();
        var command = new Command("export", "Copy assets to a folder with manifest.json and manifest.csv")
        {
            library,
            outDir,
        };
        filters.AddTo(command);
        command.SetAction(r =>
        {
            using var lib = VidganLibrary.Open(r.GetValue(library), create: false);
            var result = LibraryExporter.Export(lib, filters.Read(r), r.GetValue(outDir)!);
            Console.WriteLine(
                $"exported {result.Count} assets to {result.Folder} (manifest.json, manifest.csv)"
                    + (lib.Cipher != null ? "; exports are plain copies, not encrypted" : "")
            );
            return 0;
        });
        return command;
    }

    static Command Remove()
    {
        var library = CommonOptions.Library();
        var id = new Argument<long>("ID") { Description = "Asset id (from 'library list')" };
        var command = new Command("remove", "Remove an asset (its file goes when nothing else uses the same bytes)")
        {
            id,
            library,
        };
        command.SetAction(r =>
        {
            using var lib = VidganLibrary.Open(r.GetValue(library), create: false);
            var asset = Curation.Find(lib, r.GetValue(id));
            int remaining = Curation.Remove(lib, asset.Id);
            Console.WriteLine(
                $"removed {asset.Id} ({asset.Name})"
                    + (remaining > 0 ? $"; its bytes stay for {remaining} other asset(s)" : "")
            );
            return 0;
        });
        return command;
    }

    static Command Stats()
    {
        var library = CommonOptions.Library();
        var command = new Command("stats", "Counts by source, class and split, and storage used") { library };
        command.SetAction(r =>
        {
            using var lib = VidganLibrary.Open(r.GetValue(library), create: false);
            var table = new Table().AddColumns("source", "class", "split", "assets", "mean score");
            foreach (var row in LibraryStats.Rows(lib))
                table.AddRow(
                    SettingNames.Name(row.Source),
                    Markup.Escape(row.Class ?? "(none)"),
                    row.Split is Split split ? SettingNames.Name(split) : "",
                    row.Count.ToString(),
                    row.MeanScore?.ToString("0.00", CultureInfo.InvariantCulture) ?? ""
                );
            AnsiConsole.Write(table);
            var s = LibraryStats.Storage(lib);
            Console.WriteLine(
                $"{s.Assets} assets, {s.Blobs} stored files, {s.BlobBytes / 1e6:0.0} MB of files, "
                    + $"{s.CacheBytes / 1e6:0.0} MB of frame cache, {s.Runs} training runs, {s.Checkpoints} "
                    + $"checkpoints; {lib.Root}"
            );
            return 0;
        });
        return command;
    }
}
