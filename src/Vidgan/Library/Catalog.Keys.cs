namespace Vidgan.Library;

/// <summary>An API key as the catalog keeps it: never the key itself, only its SHA-256 and first characters.</summary>
public sealed record ApiKeyRecord(
    long Id,
    string Name,
    ApiKeyRole Role,
    string Prefix,
    string CreatedAt,
    string? RevokedAt
);

public sealed partial class Catalog
{
    public long AddApiKey(string name, ApiKeyRole role, string prefix, string hash)
    {
        using var cmd = Command(
            "INSERT INTO api_keys(name, role, prefix, hash, created_at) VALUES(@name, @role, @prefix, @hash, @now) "
                + "RETURNING id"
        );
        Bind(cmd, ("@name", name), ("@role", Name(role)), ("@prefix", prefix), ("@hash", hash), ("@now", Now()));
        return (long)cmd.ExecuteScalar()!;
    }

    public ApiKeyRecord? FindApiKeyByHash(string hash) =>
        QueryKeys("WHERE hash = @hash AND revoked_at IS NULL", ("@hash", hash)) is [var k, ..] ? k : null;

    public IReadOnlyList<ApiKeyRecord> ApiKeys() => QueryKeys("");

    /// <summary>Whether the key with this id exists and is not revoked (checked on every signed-in request).</summary>
    public bool IsApiKeyLive(long id) => QueryKeys("WHERE id = @id AND revoked_at IS NULL", ("@id", id)).Count > 0;

    public bool RevokeApiKey(long id)
    {
        using var cmd = Command("UPDATE api_keys SET revoked_at = @now WHERE id = @id AND revoked_at IS NULL");
        Bind(cmd, ("@id", id), ("@now", Now()));
        return cmd.ExecuteNonQuery() > 0;
    }

    List<ApiKeyRecord> QueryKeys(string where, params (string, object?)[] binds)
    {
        using var cmd = Command(
            "SELECT id, name, role, prefix, created_at, revoked_at FROM api_keys " + where + " ORDER BY id"
        );
        Bind(cmd, binds);
        using var r = cmd.ExecuteReader();
        var list = new List<ApiKeyRecord>();
        while (r.Read())
            list.Add(
                new ApiKeyRecord(
                    r.GetInt64(0),
                    r.GetString(1),
                    Parse<ApiKeyRole>(r.GetString(2)),
                    r.GetString(3),
                    r.GetString(4),
                    Str(r, 5)
                )
            );
        return list;
    }
}
