using Vidgan.Library;
using Vidgan.Tests.Support;

namespace Vidgan.Tests.Cli;

/// <summary>The CLI on a PostgreSQL catalog: a library moved there keeps every row, later commands find it, and a
/// database that cannot be used is one line naming it.</summary>
[Trait(Suites.Name, Suites.Cli)]
public class PostgresCatalogCliTests
{
    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public void MigrateCopiesEveryRowAndLaterCommandsUseTheNewCatalog()
    {
        using var temp = new TempDir();
        using var database = new TestPostgres();
        TinyData.Shapes(temp["data"], perClass: 2, classes: 2);
        Ok(CliRunner.Run(temp.Path, "ingest", "data", "--size", "16", "--frames", "8"));
        string before = Ok(CliRunner.Run(temp.Path, "library", "list", "--json")).Stdout;

        var migrated = Ok(CliRunner.Run(temp.Path, "library", "migrate", "--to", database.Url));
        Assert.Contains("same in both", migrated.Stdout);
        Assert.Matches(@"assets\s+4 rows", migrated.Stdout);
        Assert.False(File.Exists(temp["vidgan-library/catalog.db"]));
        Assert.True(File.Exists(temp["vidgan-library/" + CatalogMigration.KeptFile]));
        Assert.Equal(
            UnixFileMode.UserRead | UnixFileMode.UserWrite,
            File.GetUnixFileMode(temp["vidgan-library/" + CatalogLocation.SettingFile])
        );
        Assert.Equal(before, Ok(CliRunner.Run(temp.Path, "library", "list", "--json")).Stdout);

        // New rows go after the copied ones, in PostgreSQL.
        TinyData.Shapes(temp["more"], perClass: 1, classes: 1, seed: 9);
        Ok(CliRunner.Run(temp.Path, "ingest", "more", "--size", "16", "--frames", "8"));
        using var catalog = new Catalog(database.Location);
        Assert.Equal(5, catalog.Count("assets"));
        Assert.Equal(5, catalog.ListAssets(new AssetFilter()).Max(a => a.Id));

        var again = CliRunner.Run(temp.Path, "library", "migrate", "--to", database.Url);
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("already keeps its catalog in PostgreSQL", again.Stderr);
    }

    [Fact]
    public void AWrongPasswordOrAnUnreachableServerIsOneLineNamingIt()
    {
        using var temp = new TempDir();
        using var database = new TestPostgres();
        Directory.CreateDirectory(temp["vidgan-library"]);
        var url = new UriBuilder(database.Url) { Password = "wrong" }.Uri.ToString();
        var refused = CliRunner.Run(temp.Path, "library", "stats", "--catalog", url);
        Assert.Equal(1, refused.ExitCode);
        Assert.Single(refused.Stderr.Trim().Split('\n'));
        Assert.Contains("the user name or password was refused", refused.Stderr);
        Assert.DoesNotContain("wrong", refused.Stderr);

        var closed = CliRunner.Run(temp.Path, "library", "stats", "--catalog", "postgres://u:p@127.0.0.1:9/db");
        Assert.Equal(1, closed.ExitCode);
        Assert.Contains("cannot use PostgreSQL catalog postgres://u@127.0.0.1:9/db", closed.Stderr);

        var bad = CliRunner.Run(temp.Path, "library", "stats", "--catalog", "mysql://x/y");
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("neither a postgres:// URL nor a file path", bad.Stderr);
    }

    static CliResult Ok(CliResult r)
    {
        Assert.True(r.ExitCode == 0, r.ToString());
        return r;
    }
}
