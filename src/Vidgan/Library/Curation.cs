namespace Vidgan.Library;

/// <summary>The rules of curating a library, the same for every front end: tags, keep/reject, collections and
/// removal (the file goes when no other asset uses the same bytes).</summary>
public static class Curation
{
    public const int MaxTagLength = 64;
    public const int MaxNameLength = 120;

    public static Asset Find(VidganLibrary lib, long id) =>
        lib.Catalog.GetAsset(id) ?? throw new NotFoundException($"no asset {id} in {lib.Root}");

    public static CollectionRecord FindCollection(VidganLibrary lib, long id) =>
        lib.Catalog.GetCollection(id) ?? throw new NotFoundException($"no collection {id} in {lib.Root}");

    /// <summary>A tag as stored: trimmed, 1–64 characters, no commas or control characters.</summary>
    public static string CheckTag(string? tag)
    {
        string t = (tag ?? "").Trim();
        if (t.Length == 0 || t.Length > MaxTagLength)
            throw new VidganException($"setting 'tag' must be 1 to {MaxTagLength} characters", 2);
        if (t.Any(c => c == ',' || char.IsControl(c)))
            throw new VidganException($"setting 'tag' '{t}' may not hold commas or control characters", 2);
        return t;
    }

    public static Asset AddTags(VidganLibrary lib, long id, IEnumerable<string> tags)
    {
        Find(lib, id);
        var clean = tags.Select(CheckTag).ToList();
        foreach (string tag in clean)
            lib.Catalog.AddTag(id, tag);
        return Find(lib, id);
    }

    public static Asset RemoveTag(VidganLibrary lib, long id, string tag)
    {
        Find(lib, id);
        lib.Catalog.RemoveTag(id, CheckTag(tag));
        return Find(lib, id);
    }

    public static Asset SetReview(VidganLibrary lib, long id, Review? review)
    {
        Find(lib, id);
        lib.Catalog.SetReview(id, review);
        return Find(lib, id);
    }

    /// <summary>Removes an asset; returns how many other assets still use its bytes.</summary>
    public static int Remove(VidganLibrary lib, long id)
    {
        var asset = Find(lib, id);
        var (remaining, credentialsUsed) = lib.Catalog.RemoveAsset(asset.Id, asset.Sha256, asset.CredentialsSha256);
        if (remaining == 0)
        {
            lib.Blobs.Delete(asset.Sha256);
            lib.Previews.Delete(asset.Sha256);
        }
        if (asset.CredentialsSha256 is string credentials && !credentialsUsed)
            lib.Blobs.Delete(credentials);
        return remaining;
    }

    public static CollectionRecord CreateCollection(VidganLibrary lib, string? name, string? description)
    {
        string n = (name ?? "").Trim();
        if (n.Length == 0 || n.Length > MaxNameLength || n.Any(char.IsControl))
            throw new VidganException($"setting 'name' must be 1 to {MaxNameLength} printable characters", 2);
        return lib.Catalog.AddCollection(n, (description ?? "").Trim());
    }

    public static CollectionRecord AddToCollection(VidganLibrary lib, long collectionId, IReadOnlyList<long> assetIds)
    {
        FindCollection(lib, collectionId);
        foreach (long id in assetIds)
            Find(lib, id);
        lib.Catalog.AddToCollection(collectionId, assetIds);
        return FindCollection(lib, collectionId);
    }
}
