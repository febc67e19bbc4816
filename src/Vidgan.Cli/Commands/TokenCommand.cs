using System.CommandLine;
using Spectre.Console;
using Vidgan.Library;
using Vidgan.Util;

namespace Vidgan.Cli.Commands;

/// <summary><c>vidgan token</c>: API keys for the web service. A key is printed once; the catalog keeps its
/// hash.</summary>
public static class TokenCommand
{
    public static Command Create()
    {
        var command = new Command("token", "API keys for 'vidgan serve': create, list, revoke");
        command.Add(CreateKey());
        command.Add(List());
        command.Add(Revoke());
        return command;
    }

    static Command CreateKey()
    {
        var library = CommonOptions.Library();
        var role = new Option<string>("--role")
        {
            Description = "viewer (reads), editor (also curates and starts jobs) or admin (also manages keys)",
            Required = true,
        };
        role.AcceptOnlyFromAmong(SettingNames.Names<ApiKeyRole>());
        var name = new Option<string?>("--name") { Description = "A label for the key (who or what uses it)" };
        var command = new Command("create", "Make a key and print it (the only time it is shown)")
        {
            library,
            role,
            name,
        };
        command.SetAction(r =>
        {
            using var lib = VidganLibrary.Open(r.GetValue(library), create: false);
            var made = ApiKeys.Create(
                lib,
                SettingNames.Parse<ApiKeyRole>(r.GetValue(role)!, "--role"),
                r.GetValue(name)
            );
            Console.WriteLine(made.Key);
            Console.Error.WriteLine(
                $"key {made.Record.Id} ({made.Record.Name}, {SettingNames.Name(made.Record.Role)}): store it now, "
                    + "it is not shown again"
            );
            return 0;
        });
        return command;
    }

    static Command List()
    {
        var library = CommonOptions.Library();
        var command = new Command("list", "List keys (their first characters, never the key)") { library };
        command.SetAction(r =>
        {
            using var lib = VidganLibrary.Open(r.GetValue(library), create: false);
            var table = new Table().AddColumns("id", "name", "role", "starts with", "created", "revoked");
            foreach (var k in lib.Catalog.ApiKeys())
                table.AddRow(
                    k.Id.ToString(),
                    Markup.Escape(k.Name),
                    SettingNames.Name(k.Role),
                    k.Prefix + "…",
                    k.CreatedAt,
                    k.RevokedAt ?? ""
                );
            AnsiConsole.Write(table);
            return 0;
        });
        return command;
    }

    static Command Revoke()
    {
        var library = CommonOptions.Library();
        var id = new Argument<long>("ID") { Description = "Key id (from 'token list')" };
        var command = new Command("revoke", "Revoke a key at once (signed-in browsers too)") { id, library };
        command.SetAction(r =>
        {
            using var lib = VidganLibrary.Open(r.GetValue(library), create: false);
            ApiKeys.Revoke(lib, r.GetValue(id));
            Console.WriteLine($"revoked key {r.GetValue(id)}");
            return 0;
        });
        return command;
    }
}
