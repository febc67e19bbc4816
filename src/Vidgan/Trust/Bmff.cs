using System.Buffers.Binary;
using System.Text;

namespace Vidgan.Trust;

/// <summary>One top-level box of an ISO BMFF file (MP4, MOV).</summary>
public sealed record BmffBox(string Type, long Offset, long Size, byte[]? UserType)
{
    public long End => Offset + Size;

    public bool IsManifestStore => Type == "uuid" && UserType is { } u && u.AsSpan().SequenceEqual(Bmff.C2paUserType);
}

/// <summary>Just enough ISO BMFF for C2PA: list the top-level boxes and move the chunk offsets in <c>moov</c> when
/// a box is inserted before the media data.</summary>
public static class Bmff
{
    /// <summary>The extended type of the top-level <c>uuid</c> box that holds a C2PA manifest store.</summary>
    public static readonly byte[] C2paUserType = Convert.FromHexString("D8FEC3D61B0E483C92975828877EC481");

    static readonly HashSet<string> Containers = new() { "moov", "trak", "mdia", "minf", "stbl" };

    public static bool IsBmff(ReadOnlySpan<byte> file) =>
        file.Length >= 8 && Encoding.ASCII.GetString(file[4..8]) == "ftyp";

    public static List<BmffBox> TopLevel(ReadOnlySpan<byte> file) => Children(file, 0, file.Length);

    static List<BmffBox> Children(ReadOnlySpan<byte> file, long start, long end)
    {
        var boxes = new List<BmffBox>();
        long pos = start;
        while (pos < end)
        {
            if (end - pos < 8)
                throw new TrustException($"the MP4 structure is broken at byte {pos} (a box header is cut short)");
            long size = BinaryPrimitives.ReadUInt32BigEndian(file[(int)pos..]);
            string type = Encoding.ASCII.GetString(file.Slice((int)pos + 4, 4));
            int header = 8;
            if (size == 1)
            {
                if (end - pos < 16)
                    throw new TrustException($"the MP4 structure is broken at byte {pos} (a large box is cut short)");
                size = (long)BinaryPrimitives.ReadUInt64BigEndian(file[((int)pos + 8)..]);
                header = 16;
            }
            else if (size == 0)
                size = end - pos;
            if (size < header || pos + size > end)
                throw new TrustException($"the MP4 structure is broken at byte {pos} ('{type}' box runs past the end)");
            byte[]? userType = null;
            if (type == "uuid")
            {
                if (size < header + 16)
                    throw new TrustException($"the MP4 structure is broken at byte {pos} (a uuid box is too small)");
                userType = file.Slice((int)pos + header, 16).ToArray();
            }
            boxes.Add(new BmffBox(type, pos, size, userType));
            pos += size;
        }
        return boxes;
    }

    /// <summary>Adds <paramref name="delta"/> to every chunk offset (<c>stco</c>, <c>co64</c>) inside a copy of the
    /// <c>moov</c> box: the offsets are absolute file positions, so they move when a box is inserted before
    /// <c>mdat</c>.</summary>
    public static byte[] ShiftChunkOffsets(ReadOnlySpan<byte> moov, Func<long, long> delta)
    {
        byte[] copy = moov.ToArray();
        Shift(copy, 8, copy.Length, delta);
        return copy;
    }

    static void Shift(byte[] buf, long start, long end, Func<long, long> delta)
    {
        foreach (var box in Children(buf, start, end))
        {
            int payload = (int)box.Offset + 8;
            if (Containers.Contains(box.Type))
                Shift(buf, payload, box.End, delta);
            else if (box.Type is "stco" or "co64")
            {
                int count = (int)BinaryPrimitives.ReadUInt32BigEndian(buf.AsSpan(payload + 4));
                int width = box.Type == "stco" ? 4 : 8;
                if (payload + 8 + (long)count * width > box.End)
                    throw new TrustException($"the MP4's '{box.Type}' table runs past its box");
                for (int i = 0; i < count; i++)
                {
                    var at = buf.AsSpan(payload + 8 + i * width, width);
                    long value =
                        width == 4
                            ? BinaryPrimitives.ReadUInt32BigEndian(at)
                            : (long)BinaryPrimitives.ReadUInt64BigEndian(at);
                    long moved = value + delta(value);
                    if (width == 4 && moved > uint.MaxValue)
                        throw new TrustException("the MP4's chunk offsets would pass 4 GiB with the manifest inserted");
                    if (width == 4)
                        BinaryPrimitives.WriteUInt32BigEndian(at, (uint)moved);
                    else
                        BinaryPrimitives.WriteUInt64BigEndian(at, (ulong)moved);
                }
            }
        }
    }
}
