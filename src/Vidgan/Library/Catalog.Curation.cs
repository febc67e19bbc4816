namespace Vidgan.Library;

/// <summary>A named set of assets (for example "for the spring campaign") and how many it holds.</summary>
public sealed record CollectionRecord(long Id, string Name, string Description, string CreatedAt, long Count);

public sealed partial class Catalog
{
    public bool RemoveTag(long assetId, string tag)
    {
        using var cmd = Command("DELETE FROM tags WHERE asset_id = @id AND tag = @tag");
        Bind(cmd, ("@id", assetId), ("@tag", tag));
        return cmd.ExecuteNonQuery() > 0;
    }

    public void SetReview(long assetId, Review? review)
    {
        using var cmd = Command("UPDATE assets SET review = @review WHERE id = @id");
        Bind(cmd, ("@id", assetId), ("@review", review is Review r ? Name(r) : null));
        cmd.ExecuteNonQuery();
    }

    public CollectionRecord AddCollection(string name, string description)
    {
        using var cmd = Command(
            "INSERT INTO collections(name, description, created_at) VALUES(@name, @desc, @now) "
                + "ON CONFLICT(name) DO NOTHING RETURNING id"
        );
        Bind(cmd, ("@name", name), ("@desc", description), ("@now", Now()));
        if (cmd.ExecuteScalar() is not long id)
            throw new ConflictException($"a collection named '{name}' exists already");
        return GetCollection(id)!;
    }

    public IReadOnlyList<CollectionRecord> Collections() => QueryCollections("", []);

    public CollectionRecord? GetCollection(long id) =>
        QueryCollections("WHERE c.id = @id", [("@id", id)]) is [var c, ..] ? c : null;

    public bool DeleteCollection(long id)
    {
        using var cmd = Command("DELETE FROM collections WHERE id = @id");
        Bind(cmd, ("@id", id));
        return cmd.ExecuteNonQuery() > 0;
    }

    /// <summary>Adds the assets that exist; returns how many were new to the collection.</summary>
    public int AddToCollection(long collectionId, IEnumerable<long> assetIds)
    {
        using var tx = connection.BeginTransaction();
        int added = 0;
        foreach (long assetId in assetIds.Distinct())
        {
            using var cmd = Command(
                "INSERT INTO collection_assets(collection_id, asset_id, added_at) "
                    + "SELECT @coll, id, @now FROM assets WHERE id = @asset ON CONFLICT DO NOTHING",
                tx
            );
            Bind(cmd, ("@coll", collectionId), ("@asset", assetId), ("@now", Now()));
            added += cmd.ExecuteNonQuery();
        }
        tx.Commit();
        return added;
    }

    public bool RemoveFromCollection(long collectionId, long assetId)
    {
        using var cmd = Command("DELETE FROM collection_assets WHERE collection_id = @coll AND asset_id = @asset");
        Bind(cmd, ("@coll", collectionId), ("@asset", assetId));
        return cmd.ExecuteNonQuery() > 0;
    }

    List<CollectionRecord> QueryCollections(string where, IEnumerable<(string, object?)> binds)
    {
        using var cmd = Command(
            "SELECT c.id, c.name, c.description, c.created_at, "
                + "(SELECT COUNT(*) FROM collection_assets x WHERE x.collection_id = c.id) FROM collections c "
                + where
                + " ORDER BY c.name"
        );
        foreach (var (k, v) in binds)
            Bind(cmd, (k, v));
        using var r = cmd.ExecuteReader();
        var list = new List<CollectionRecord>();
        while (r.Read())
            list.Add(
                new CollectionRecord(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetInt64(4))
            );
        return list;
    }
}
