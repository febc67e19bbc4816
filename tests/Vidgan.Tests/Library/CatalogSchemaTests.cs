using Microsoft.Data.Sqlite;
using Vidgan.Library;
using Vidgan.Tests.Support;

namespace Vidgan.Tests.Library;

public class CatalogSchemaTests
{
    [Fact]
    public void ANewCatalogGetsTheCurrentSchemaAndReopensUnchanged()
    {
        using var temp = new TempDir();
        using (var catalog = new Catalog(temp["catalog.db"]))
            catalog.UpsertRun("/runs/a", "layered", "{}", null);
        Assert.Equal(5L, UserVersion(temp["catalog.db"]));
        using (var db = Open(temp["catalog.db"]))
        using (var tables = db.CreateCommand())
        {
            tables.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name";
            using var r = tables.ExecuteReader();
            var names = new List<string>();
            while (r.Read())
                names.Add(r.GetString(0));
            string[] expected =
            [
                "api_keys",
                "assets",
                "assets_search",
                "checkpoints",
                "clip_sets",
                "clips",
                "collection_assets",
                "collections",
                "jobs",
                "runs",
                "tags",
            ];
            Assert.Equal(expected, names.Where(n => !n.StartsWith("assets_search_")));
        }
        using var reopened = new Catalog(temp["catalog.db"]);
        Assert.NotNull(reopened.FindRun("/runs/a"));
    }

    [Fact]
    public void ANewerSchemaIsRefusedWithBothVersionsAndLeftAlone()
    {
        using var temp = new TempDir();
        new Catalog(temp["catalog.db"]).Dispose();
        using (var db = Open(temp["catalog.db"]))
        using (var set = db.CreateCommand())
        {
            set.CommandText = "PRAGMA user_version=7";
            set.ExecuteNonQuery();
        }
        var e = Assert.Throws<VidganException>(() => new Catalog(temp["catalog.db"]));
        Assert.Contains("schema 7 is newer than this Vidgan (5)", e.Message);
        Assert.Equal(7L, UserVersion(temp["catalog.db"]));
    }

    [Fact]
    public void APostgresCatalogGetsTheSameTablesAndRefusesANewerSchema()
    {
        using var database = new TestPostgres();
        using (var catalog = new Catalog(database.Location))
            catalog.UpsertRun("/runs/a", "layered", "{}", null);
        using (var connection = new Npgsql.NpgsqlConnection(database.Location.Target))
        {
            connection.Open();
            using var tables = connection.CreateCommand();
            tables.CommandText =
                "SELECT string_agg(table_name, ',' ORDER BY table_name) FROM information_schema.tables "
                + "WHERE table_schema = 'public'";
            Assert.Equal(
                "api_keys,assets,checkpoints,clip_sets,clips,collection_assets,collections,jobs,runs,tags,"
                    + "vidgan_schema",
                tables.ExecuteScalar()
            );
            using var bump = connection.CreateCommand();
            bump.CommandText = "UPDATE vidgan_schema SET version = 9";
            bump.ExecuteNonQuery();
        }
        var e = Assert.Throws<VidganException>(() => new Catalog(database.Location));
        Assert.Contains("schema 9 is newer than this Vidgan (5)", e.Message);
    }

    static SqliteConnection Open(string path)
    {
        var db = new SqliteConnection($"Data Source={path};Pooling=False");
        db.Open();
        return db;
    }

    static long UserVersion(string path)
    {
        using var db = Open(path);
        using var get = db.CreateCommand();
        get.CommandText = "PRAGMA user_version";
        return (long)get.ExecuteScalar()!;
    }
}
