using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Vidgan.Trust;

/// <summary>One hashed part of a signed file: a top-level MP4 box, or a 64 KiB block of any other file. The list
/// goes into the Vidgan assertion so that <c>verify</c> can say which bytes changed, not only that some did.</summary>
public sealed record PartDigest(string Type, long Offset, long Size, byte[] Sha256);

/// <summary>The hard binding of a file: C2PA's hash of it and the digest of each part.</summary>
public sealed record Binding(byte[] Hash, IReadOnlyList<PartDigest> Parts)
{
    public const int BlockSize = 64 * 1024;

    /// <summary>C2PA's BMFF v2 hash: for each hashed top-level box in file order, its offset as a big-endian 64-bit
    /// integer, then its bytes.</summary>
    public static Binding OfBmff(IEnumerable<(string Type, long Offset, byte[] Bytes)> boxes)
    {
        using var all = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var parts = new List<PartDigest>();
        Span<byte> offset = stackalloc byte[8];
        foreach (var (type, at, bytes) in boxes)
        {
            BinaryPrimitives.WriteInt64BigEndian(offset, at);
            all.AppendData(offset);
            all.AppendData(bytes);
            parts.Add(new PartDigest(type, at, bytes.Length, SHA256.HashData(bytes)));
        }
        return new Binding(all.GetHashAndReset(), parts);
    }

    /// <summary>C2PA's data hash with no exclusions: the SHA-256 of the whole file.</summary>
    public static Binding OfData(byte[] file)
    {
        var parts = new List<PartDigest>();
        for (int at = 0; at < file.Length; at += BlockSize)
        {
            int n = Math.Min(BlockSize, file.Length - at);
            parts.Add(new PartDigest("data", at, n, SHA256.HashData(file.AsSpan(at, n))));
        }
        return new Binding(SHA256.HashData(file), parts);
    }

    internal List<object?> PartsToCbor() =>
        Parts
            .Select(p =>
                (object?)
                    new Dictionary<string, object?>
                    {
                        ["type"] = p.Type,
                        ["offset"] = p.Offset,
                        ["size"] = p.Size,
                        ["sha256"] = p.Sha256,
                    }
            )
            .ToList();

    internal static List<PartDigest> PartsFromCbor(object? value) =>
        (value as List<object?> ?? [])
            .OfType<Dictionary<string, object?>>()
            .Select(m => new PartDigest(
                m.GetValueOrDefault("type") as string ?? "",
                m.GetValueOrDefault("offset") is long o ? o : 0,
                m.GetValueOrDefault("size") is long s ? s : 0,
                m.GetValueOrDefault("sha256") as byte[] ?? []
            ))
            .ToList();

    /// <summary>Byte ranges of <paramref name="recorded"/> parts that differ in <paramref name="now"/>, described for a
    /// person, e.g. <c>mdat bytes 1,024–9,999</c>.</summary>
    public static IReadOnlyList<string> Changed(IReadOnlyList<PartDigest> recorded, IReadOnlyList<PartDigest> now)
    {
        var changed = new List<string>();
        foreach (var part in recorded)
        {
            var match = now.FirstOrDefault(p => p.Type == part.Type && p.Offset == part.Offset && p.Size == part.Size);
            if (match == null || !match.Sha256.AsSpan().SequenceEqual(part.Sha256))
                changed.Add($"{part.Type} bytes {part.Offset:N0}–{part.Offset + part.Size - 1:N0}");
        }
        long signedEnd = recorded.Count == 0 ? 0 : recorded.Max(p => p.Offset + p.Size);
        long nowEnd = now.Count == 0 ? 0 : now.Max(p => p.Offset + p.Size);
        if (nowEnd != signedEnd)
            changed.Add($"the signed parts end at byte {signedEnd:N0}, the file's at {nowEnd:N0}");
        return changed;
    }
}
