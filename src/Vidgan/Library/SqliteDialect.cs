using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Vidgan.Library;

/// <summary>The embedded catalog: one file, WAL journal, a trigram FTS5 index for text search.</summary>
sealed class SqliteDialect : CatalogDialect
{
    public static readonly SqliteDialect Instance = new();

    public override DbConnection Open(CatalogLocation location, bool pooled)
    {
        var connection = new SqliteConnection(
            new SqliteConnectionStringBuilder
            {
                DataSource = location.Target,
                Mode = SqliteOpenMode.ReadWriteCreate,
                Pooling = pooled,
            }.ToString()
        );
        try
        {
            connection.Open();
            Scalar(connection, null, "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=5000;");
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    public override long SchemaVersion(DbConnection connection, DbTransaction? tx) =>
        (long)Scalar(connection, tx, "PRAGMA user_version")!;

    public override void SetSchemaVersion(DbConnection connection, DbTransaction tx, long version) =>
        Scalar(connection, tx, $"PRAGMA user_version={version}");

    public override string Schema(CatalogSchema.Step step) => step.Shared + step.Sqlite;

    public override string TagList => "group_concat(t.tag, ',')";

    // The trigram index finds three characters or more, matching the text as one quoted phrase.
    public override (string Condition, string Value) TextSearch(string text, string parameter) =>
        text.Length < 3
            ? base.TextSearch(text, parameter)
            : (
                $"a.id IN (SELECT rowid FROM assets_search WHERE assets_search MATCH {parameter})",
                "\"" + text.Replace("\"", "\"\"") + "\""
            );

    protected override string Like => "LIKE";

    public override string IntegrityQuery => "PRAGMA integrity_check";

    public override string ForeignKeyQuery => "SELECT \"table\" || ' row ' || rowid FROM pragma_foreign_key_check";

    public override VidganException Explain(Exception e, CatalogLocation location) =>
        new($"cannot open library catalog {location.Display}: {e.Message}", 1, e);
}
