using Vidgan.Library;
using Vidgan.Media;
using Vidgan.Runs;
using Vidgan.Trust;

namespace Vidgan.Generation;

/// <summary>Generated clips into the library: their files stored as blobs, their records in the catalog.</summary>
static class GeneratedClipRecords
{
    /// <summary>What makes a generated clip the same clip as another: its frames as sampled (before the watermark,
    /// which differs every time) and the format they are written in.</summary>
    public static string ContentHash(Clip clip, VideoFormat format)
    {
        using var sha = System.Security.Cryptography.IncrementalHash.CreateHash(
            System.Security.Cryptography.HashAlgorithmName.SHA256
        );
        sha.AppendData(System.Text.Encoding.ASCII.GetBytes($"{format}:{clip.Width}x{clip.Height}x{clip.Frames}:"));
        sha.AppendData(clip.Rgb);
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    /// <summary>A clip's file and its Content Credentials sidecar as stored in the library's blobs.</summary>
    public sealed record StoredFiles(string Sha256, string? CredentialsSha256);

    /// <summary>Stores the files of the clips the catalog does not hold yet (null for the others), several at a time:
    /// each blob is flushed to disk before it counts as stored, and those waits overlap.</summary>
    public static StoredFiles?[] StoreFiles(VidganLibrary lib, GeneratedClip[] clips)
    {
        var seen = new HashSet<string>();
        var fresh = clips
            .Select(c =>
                lib.Catalog.FindByContent(c.ContentSha256!, AssetSource.Generated) == null && seen.Add(c.ContentSha256!)
            )
            .ToArray();
        var stored = new StoredFiles?[clips.Length];
        Parallel.For(
            0,
            clips.Length,
            new ParallelOptions { MaxDegreeOfParallelism = 4 },
            k =>
            {
                if (!fresh[k])
                    return;
                string sidecar = ContentCredentials.SidecarPath(clips[k].Path!);
                stored[k] = new StoredFiles(
                    lib.Blobs.Put(clips[k].Path!),
                    File.Exists(sidecar) ? lib.Blobs.Put(sidecar) : null
                );
            }
        );
        return stored;
    }

    /// <summary>Adds the clip to the catalog; a clip whose bytes are already there is not added twice.</summary>
    public static (long Id, bool Duplicate) Record(
        VidganLibrary lib,
        GeneratedClip clip,
        StoredFiles? stored,
        Checkpoint.Header header,
        string checkpointSha,
        long? runId,
        double fps,
        GenerateOptions o
    )
    {
        var config = header.Config.Model;
        string contentSha = clip.ContentSha256!;
        // A clip with the same frames as an earlier one of this call is found here, recorded just before.
        if (lib.Catalog.FindByContent(contentSha, AssetSource.Generated) is Asset same)
            return (same.Id, true);
        var (sha, credentials) = stored!;
        if (lib.Catalog.FindAsset(sha, AssetSource.Generated) is Asset existing)
            return (existing.Id, true);
        string parameters = GenerationCredentials.Parameters(header, o);
        using var tx = lib.Catalog.BeginTransaction();
        long id = lib.Catalog.AddAsset(
            new Asset
            {
                Sha256 = sha,
                Source = AssetSource.Generated,
                Name = clip.Name,
                Format = o.Format.ToString().ToLowerInvariant(),
                Class = clip.Class,
                Width = config.Size,
                Height = config.Size,
                Frames = o.Format == VideoFormat.Png ? 1 : config.Frames,
                Fps = fps,
                Duration = config.Frames / fps,
                Bytes = new FileInfo(clip.Path!).Length,
                Score = clip.Score,
                Seed = clip.Seed,
                RunId = runId,
                Model = config.Architecture,
                CheckpointSha256 = checkpointSha,
                Parameters = parameters,
                NearestTrainDistance = clip.NearestTrainDistance,
                NearestClipId = clip.NearestClipId,
                NearCopy = clip.NearCopy,
                OriginalPath = clip.Path,
                ContentSha256 = contentSha,
                Watermark = clip.Watermark?.Mark,
                CredentialsSha256 = credentials,
            },
            tx
        );
        lib.Catalog.AddTag(id, "synthetic", tx);
        if (clip.NearCopy)
            lib.Catalog.AddTag(id, "near-copy", tx);
        tx.Commit();
        return (id, false);
    }
}
