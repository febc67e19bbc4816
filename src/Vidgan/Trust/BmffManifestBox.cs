using System.Buffers.Binary;
using System.Text;

namespace Vidgan.Trust;

/// <summary>Puts a C2PA manifest store into an MP4 as a top-level <c>uuid</c> box right after <c>ftyp</c> (where
/// C2PA readers look first), moving the chunk offsets in <c>moov</c> by the box's size, and reads it back.</summary>
public static class BmffManifestBox
{
    // size and type, extended type, version and flags, the purpose "manifest" with its NUL, the aux-box offset
    const int HeaderSize = 8 + 16 + 4 + 9 + 8;

    static readonly HashSet<string> Unhashed = new() { "ftyp", "mfra" };

    /// <summary>The file with a manifest store in it (any old one replaced). <paramref name="buildStore"/> gets the
    /// binding of the new layout and returns the store; it is called until the store's size stops changing.</summary>
    public static byte[] Embed(byte[] file, Func<Binding, byte[]> buildStore)
    {
        var boxes = Bmff.TopLevel(file);
        if (boxes.Count == 0 || boxes[0].Type != "ftyp")
            throw new TrustException("not an MP4: the file does not start with an 'ftyp' box");
        if (boxes.Any(b => b.Type == "moof"))
            throw new TrustException("fragmented MP4 is not supported for Content Credentials");
        var removed = boxes.Where(b => b.IsManifestStore).ToList();
        var kept = boxes.Where(b => !b.IsManifestStore).ToList();
        var ftyp = file.AsSpan((int)kept[0].Offset, (int)kept[0].Size).ToArray();
        long storeSize = 0;
        for (int attempt = 0; attempt < 6; attempt++)
        {
            long boxSize = HeaderSize + storeSize;
            long Delta(long offset) => boxSize - removed.Where(r => r.End <= offset).Sum(r => r.Size);
            var layout = new List<(string Type, long Offset, byte[] Bytes)>();
            long at = ftyp.Length + boxSize;
            foreach (var box in kept.Skip(1))
            {
                var bytes = file.AsSpan((int)box.Offset, (int)box.Size);
                layout.Add((box.Type, at, box.Type == "moov" ? Bmff.ShiftChunkOffsets(bytes, Delta) : bytes.ToArray()));
                at += box.Size;
            }
            var store = buildStore(Binding.OfBmff(layout.Where(b => !Unhashed.Contains(b.Type))));
            if (store.Length == storeSize)
                return Assemble(ftyp, store, layout.Select(b => b.Bytes));
            storeSize = store.Length;
        }
        throw new TrustException("the manifest's size did not settle while it was being placed");
    }

    static byte[] Assemble(byte[] ftyp, byte[] store, IEnumerable<byte[]> rest)
    {
        var box = new byte[HeaderSize + store.Length];
        BinaryPrimitives.WriteUInt32BigEndian(box, (uint)box.Length);
        Encoding.ASCII.GetBytes("uuid", box.AsSpan(4));
        Bmff.C2paUserType.CopyTo(box, 8);
        Encoding.ASCII.GetBytes("manifest", box.AsSpan(28));
        store.CopyTo(box, HeaderSize);
        using var output = new MemoryStream();
        output.Write(ftyp);
        output.Write(box);
        foreach (var b in rest)
            output.Write(b);
        return output.ToArray();
    }

    /// <summary>The manifest store in an MP4, or null when it has none. Two stores are an error.</summary>
    public static byte[]? Extract(byte[] file, List<BmffBox> boxes)
    {
        var stores = boxes.Where(b => b.IsManifestStore).ToList();
        if (stores.Count > 1)
            throw new TrustException("the MP4 holds more than one C2PA manifest box");
        if (stores.Count == 0)
            return null;
        var span = file.AsSpan((int)stores[0].Offset, (int)stores[0].Size);
        int header = BinaryPrimitives.ReadUInt32BigEndian(span) == 1 ? 16 : 8;
        var payload = span[(header + 16 + 4)..];
        int nul = payload.IndexOf((byte)0);
        if (nul < 0 || Encoding.ASCII.GetString(payload[..nul]) != "manifest" || payload.Length < nul + 9)
            return null;
        return payload[(nul + 9)..].ToArray();
    }

    /// <summary>The binding of an MP4 as it is now, over the boxes C2PA hashes.</summary>
    public static Binding Measure(byte[] file, List<BmffBox> boxes) =>
        Binding.OfBmff(
            boxes
                .Where(b => !b.IsManifestStore && !Unhashed.Contains(b.Type))
                .Select(b => (b.Type, b.Offset, file.AsSpan((int)b.Offset, (int)b.Size).ToArray()))
        );
}
