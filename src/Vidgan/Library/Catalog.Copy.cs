using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Vidgan.Library;

/// <summary>A table's row count and the SHA-256 of its rows, read in key order.</summary>
public sealed record TableDigest(string Table, long Rows, string Sha256);

public sealed partial class Catalog
{
    /// <summary>Every table the catalog keeps (not the engines' own search indexes), parents before children, with
    /// the columns that order its rows.</summary>
    internal static readonly (string Table, string Key)[] Tables =
    [
        ("runs", "id"),
        ("clip_sets", "id"),
        ("assets", "id"),
        ("clips", "id"),
        ("checkpoints", "id"),
        ("tags", "asset_id, tag"),
        ("collections", "id"),
        ("collection_assets", "collection_id, asset_id"),
        ("api_keys", "id"),
        ("jobs", "id"),
    ];

    /// <summary>Rows in every table together (0 for a new, empty catalog).</summary>
    public long TotalRows() => Tables.Sum(t => Convert.ToInt64(Scalar($"SELECT COUNT(*) FROM {t.Table}")));

    /// <summary>Each table's row count and content hash, the same on every engine for the same rows.</summary>
    public IReadOnlyList<TableDigest> Digests() =>
        Tables
            .Select(t =>
            {
                using var cmd = Command($"SELECT * FROM {t.Table} ORDER BY {t.Key}");
                using var r = cmd.ExecuteReader();
                using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                long rows = 0;
                while (r.Read())
                {
                    rows++;
                    for (int i = 0; i < r.FieldCount; i++)
                        sha.AppendData(Encoding.UTF8.GetBytes(r.GetName(i) + "=" + Canonical(r, i) + "\u001f"));
                    sha.AppendData("\u001e"u8);
                }
                return new TableDigest(t.Table, rows, Convert.ToHexStringLower(sha.GetHashAndReset()));
            })
            .ToList();

    /// <summary>Copies every row of this catalog into <paramref name="target"/> (which must be empty), ids kept, in
    /// one transaction of the target: it holds all of them or none.</summary>
    public void CopyTo(Catalog target)
    {
        using var tx = target.connection.BeginTransaction();
        foreach (var (table, _) in Tables)
        {
            using var read = Command($"SELECT * FROM {table}");
            using var r = read.ExecuteReader();
            var columns = Enumerable.Range(0, r.FieldCount).Select(r.GetName).ToArray();
            using var insert = target.Command(
                $"INSERT INTO {table}({string.Join(", ", columns)}) VALUES("
                    + string.Join(", ", columns.Select(c => "@" + c))
                    + ")",
                tx
            );
            while (r.Read())
            {
                insert.Parameters.Clear();
                Bind(insert, columns.Select((c, i) => ("@" + c, r.IsDBNull(i) ? null : r.GetValue(i))).ToArray());
                insert.ExecuteNonQuery();
            }
        }
        target.dialect.AfterBulkCopy(target.connection, tx, Tables.Where(t => t.Key == "id").Select(t => t.Table));
        tx.Commit();
    }

    static string Canonical(DbDataReader r, int i) =>
        r.IsDBNull(i)
            ? "\u0000"
            : r.GetValue(i) switch
            {
                double d => d.ToString("R", CultureInfo.InvariantCulture),
                var v => Convert.ToString(v, CultureInfo.InvariantCulture) ?? "",
            };
}
