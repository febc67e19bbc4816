using System.Data.Common;

namespace Vidgan.Library;

/// <summary>What differs between the catalog's database engines: opening a connection, where the schema version is
/// kept, the schema's types, text search and the engine's own checks. The catalog's queries are written once, in SQL
/// that both engines read alike.</summary>
abstract class CatalogDialect
{
    public static CatalogDialect For(CatalogBackend backend) =>
        backend == CatalogBackend.Postgres ? PostgresDialect.Instance : SqliteDialect.Instance;

    public abstract DbConnection Open(CatalogLocation location, bool pooled);

    /// <summary>The schema version the database holds (0 for an empty one).</summary>
    public abstract long SchemaVersion(DbConnection connection, DbTransaction? tx);

    /// <summary>Keeps other processes from migrating the same database until <paramref name="tx"/> ends.</summary>
    public virtual void LockSchema(DbConnection connection, DbTransaction tx) { }

    public abstract void SetSchemaVersion(DbConnection connection, DbTransaction tx, long version);

    /// <summary>Migration step <paramref name="step"/> in this engine's words.</summary>
    public abstract string Schema(CatalogSchema.Step step);

    /// <summary>An asset's tags joined by commas, from <c>tags t</c> of asset <c>a</c>.</summary>
    public abstract string TagList { get; }

    /// <summary>The condition (on assets <c>a</c>) that finds <paramref name="text"/> as a substring of the name or
    /// a tag, ignoring case, and the value of its <paramref name="parameter"/>.</summary>
    public virtual (string Condition, string Value) TextSearch(string text, string parameter) =>
        (
            $"(a.name {Like} {parameter} ESCAPE '\\' OR a.id IN (SELECT asset_id FROM tags WHERE tag {Like} "
                + $"{parameter} ESCAPE '\\'))",
            "%" + text.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%"
        );

    /// <summary>The case-insensitive LIKE operator.</summary>
    protected abstract string Like { get; }

    /// <summary>Queries that report damage to the database itself (each row a problem, or "ok"); none where the
    /// engine keeps that to itself.</summary>
    public abstract string? IntegrityQuery { get; }

    public abstract string? ForeignKeyQuery { get; }

    /// <summary>A one-line error for a database that could not be opened or used.</summary>
    public abstract VidganException Explain(Exception e, CatalogLocation location);

    /// <summary>After rows were copied in with their ids: makes new rows of <paramref name="tables"/> get ids after
    /// them.</summary>
    public virtual void AfterBulkCopy(DbConnection connection, DbTransaction tx, IEnumerable<string> tables) { }

    protected static object? Scalar(DbConnection connection, DbTransaction? tx, string sql)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.Transaction = tx;
        return cmd.ExecuteScalar();
    }
}
