namespace Vidgan.Library;

/// <summary>Moves a library's catalog from its SQLite file into PostgreSQL: every row copied with its id in one
/// transaction, then checked table by table (row counts and SHA-256 of the rows) before the library is pointed at the
/// new database. The SQLite file is kept, renamed <c>catalog.db.migrated</c>. Run again after an interruption, it
/// finishes the job when the database already holds exactly this catalog.</summary>
public static class CatalogMigration
{
    public const string KeptFile = "catalog.db.migrated";

    public static IReadOnlyList<TableDigest> ToPostgres(string root, CatalogLocation target)
    {
        if (target.Backend != CatalogBackend.Postgres)
            throw new VidganException("--to must be a postgres://user[:password]@host[:port]/database URL", 2);
        string file = Path.Combine(root, "catalog.db");
        if (!File.Exists(file))
            throw new VidganException(
                File.Exists(Path.Combine(root, CatalogLocation.SettingFile))
                    ? $"library {root} already keeps its catalog in PostgreSQL ({CatalogLocation.SettingFile})"
                    : $"no library at {root}: pass --library"
            );
        IReadOnlyList<TableDigest> digests;
        using (var source = new Catalog(file))
        using (var destination = new Catalog(target))
        {
            digests = source.Digests();
            if (destination.TotalRows() == 0)
                source.CopyTo(destination);
            var copied = destination.Digests();
            if (!digests.SequenceEqual(copied))
                throw new VidganException(
                    copied.Sum(d => d.Rows) == 0 || copied.Zip(digests).Any(p => p.First.Rows != p.Second.Rows)
                        ? $"the database {target.Display} already holds another catalog: migrate into an empty database"
                        : $"the copy in {target.Display} differs from catalog.db in table "
                            + copied.Zip(digests).First(p => p.First != p.Second).First.Table
                );
        }
        target.SaveIn(root);
        File.Move(file, Path.Combine(root, KeptFile), overwrite: true);
        return digests;
    }
}
