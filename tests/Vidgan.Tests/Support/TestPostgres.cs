using Npgsql;
using Vidgan.Library;

namespace Vidgan.Tests.Support;

/// <summary>A fresh database on the throw-away PostgreSQL server that <c>./run-tests</c> starts
/// (<c>VIDGAN_TEST_POSTGRES</c>), dropped afterwards.</summary>
public sealed class TestPostgres : IDisposable
{
    public const string ServerVariable = "VIDGAN_TEST_POSTGRES";

    readonly string name = "vidgan_test_" + Guid.NewGuid().ToString("N")[..16];

    public TestPostgres() => Admin($"CREATE DATABASE {name}");

    /// <summary>The database's URL, as <c>--catalog</c> takes it.</summary>
    public string Url => new Uri(new Uri(ServerUrl), "/" + name).ToString();

    public CatalogLocation Location => CatalogLocation.Parse(Url);

    static string ServerUrl =>
        Environment.GetEnvironmentVariable(ServerVariable)
        ?? throw new InvalidOperationException(
            $"{ServerVariable} is not set: run the tests with ./run-tests, which starts a PostgreSQL server"
        );

    /// <summary>Runs one statement on the server's own database.</summary>
    public static void Admin(string sql)
    {
        using var connection = new NpgsqlConnection(
            new NpgsqlConnectionStringBuilder(CatalogLocation.Parse(ServerUrl).Target) { Pooling = false }.ToString()
        );
        connection.Open();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    public void Dispose() => Admin($"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
}

/// <summary>Libraries on each catalog backend, for theories that run once per backend.</summary>
public static class Backends
{
    public static TheoryData<CatalogBackend> All => [CatalogBackend.Sqlite, CatalogBackend.Postgres];

    /// <summary>Makes the library folder <paramref name="root"/> use a new database of <paramref name="backend"/>;
    /// returns what drops that database (nothing for SQLite, whose file goes with the folder).</summary>
    public static IDisposable? Prepare(CatalogBackend backend, string root)
    {
        if (backend == CatalogBackend.Sqlite)
            return null;
        var database = new TestPostgres();
        Directory.CreateDirectory(root);
        File.WriteAllText(Path.Combine(root, CatalogLocation.SettingFile), database.Url);
        return database;
    }
}
