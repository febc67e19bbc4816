namespace Vidgan.Library;

public sealed record StorageStats(
    long Assets,
    long Blobs,
    long BlobBytes,
    long CacheBytes,
    long Runs,
    long Checkpoints
);

public static class LibraryStats
{
    public static IReadOnlyList<StatsRow> Rows(VidganLibrary lib) => lib.Catalog.GroupCounts();

    public static StorageStats Storage(VidganLibrary lib)
    {
        var hashes = lib.Catalog.DistinctBlobHashes();
        long blobBytes = hashes.Select(lib.Blobs.PathFor).Where(File.Exists).Sum(p => new FileInfo(p).Length);
        long cacheBytes = Directory.Exists(lib.Cache.Directory)
            ? Directory
                .EnumerateFiles(lib.Cache.Directory, "*", SearchOption.AllDirectories)
                .Sum(p => new FileInfo(p).Length)
            : 0;
        return new StorageStats(
            lib.Catalog.Count("assets"),
            hashes.Count,
            blobBytes,
            cacheBytes,
            lib.Catalog.Count("runs"),
            lib.Catalog.Count("checkpoints")
        );
    }
}
