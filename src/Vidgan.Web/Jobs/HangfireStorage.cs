using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Hangfire.Storage.SQLite;
using Vidgan.Library;

namespace Vidgan.Web.Jobs;

/// <summary>Where Hangfire keeps its queue: beside the catalog. A library on SQLite keeps it in <c>jobs.db</c> in the
/// folder (one machine); a library on PostgreSQL in the <c>hangfire</c> schema of the same database, where workers on
/// other machines find it.</summary>
public static class HangfireStorage
{
    public static JobStorage For(string libraryRoot)
    {
        var catalog = CatalogLocation.For(libraryRoot);
        if (catalog.Backend == CatalogBackend.Sqlite)
            return new SQLiteStorage(
                Path.Combine(libraryRoot, "jobs.db"),
                new SQLiteStorageOptions { QueuePollInterval = TimeSpan.FromSeconds(1) }
            );
        var options = new PostgreSqlStorageOptions
        {
            SchemaName = "hangfire",
            PrepareSchemaIfNecessary = true,
            QueuePollInterval = TimeSpan.FromSeconds(1),
        };
        return new PostgreSqlStorage(new NpgsqlConnectionFactory(catalog.Target, options), options);
    }

    /// <summary>Settings every Hangfire client and server of Vidgan shares, so that a job enqueued by the server is
    /// read the same way by a worker.</summary>
    public static IGlobalConfiguration Configure(IGlobalConfiguration c) =>
        c.UseLogProvider(HangfireLog.Instance).UseSimpleAssemblyNameTypeSerializer().UseRecommendedSerializerSettings();
}
