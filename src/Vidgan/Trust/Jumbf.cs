using System.Buffers.Binary;
using System.Text;

namespace Vidgan.Trust;

/// <summary>A JUMBF superbox (ISO/IEC 19566-5) as C2PA uses it: a description box with a type UUID and a label,
/// then content boxes. <see cref="Payload"/> is the box without its 8-byte header: what C2PA hashes.</summary>
public sealed record JumbfBox(Guid Type, string Label, byte[] Payload, IReadOnlyList<JumbfBox> Children)
{
    /// <summary>The payload of the first content box of the given type (<c>cbor</c>, <c>json</c>), if any.</summary>
    public byte[]? Content(string boxType) =>
        Jumbf.Boxes(Payload).Skip(1).Where(b => b.Type == boxType).Select(b => b.Payload).FirstOrDefault();

    public JumbfBox? Child(string label) => Children.FirstOrDefault(c => c.Label == label);
}

/// <summary>Writes and reads JUMBF boxes. Type UUIDs are C2PA's: four ASCII letters, then a fixed suffix.</summary>
public static class Jumbf
{
    public static readonly Guid ManifestStore = C2pa("c2pa");
    public static readonly Guid Manifest = C2pa("c2ma");
    public static readonly Guid AssertionStore = C2pa("c2as");
    public static readonly Guid Claim = C2pa("c2cl");
    public static readonly Guid Signature = C2pa("c2cs");
    public static readonly Guid CborAssertion = C2pa("cbor");

    static Guid C2pa(string fourCc) =>
        UuidOf(
            Convert.FromHexString(Convert.ToHexString(Encoding.ASCII.GetBytes(fourCc)) + "00110010800000AA00389B71")
        );

    static Guid UuidOf(byte[] bigEndian) => new(bigEndian, bigEndian: true);

    public static byte[] Super(Guid type, string label, params byte[][] contents)
    {
        var description = new List<byte>(type.ToByteArray(bigEndian: true)) { 0x03 }; // requestable, labelled
        description.AddRange(Encoding.UTF8.GetBytes(label));
        description.Add(0);
        return Box("jumb", new[] { Box("jumd", description.ToArray()) }.Concat(contents).SelectMany(b => b).ToArray());
    }

    public static byte[] Cbor(byte[] cbor) => Box("cbor", cbor);

    public static byte[] Box(string type, byte[] payload)
    {
        var box = new byte[8 + payload.Length];
        BinaryPrimitives.WriteUInt32BigEndian(box, (uint)box.Length);
        Encoding.ASCII.GetBytes(type, box.AsSpan(4));
        payload.CopyTo(box, 8);
        return box;
    }

    /// <summary>Reads one superbox (header included) and its nested superboxes.</summary>
    public static JumbfBox Read(byte[] box)
    {
        var top = Boxes(box).ToList();
        if (top.Count != 1 || top[0].Type != "jumb")
            throw new TrustException("the C2PA manifest store is not a JUMBF superbox");
        return ReadSuper(top[0].Payload);
    }

    static JumbfBox ReadSuper(byte[] payload)
    {
        var boxes = Boxes(payload).ToList();
        if (boxes.Count == 0 || boxes[0].Type != "jumd" || boxes[0].Payload.Length < 17)
            throw new TrustException("a JUMBF superbox has no description box");
        var d = boxes[0].Payload;
        var type = UuidOf(d[..16]);
        string label = "";
        if ((d[16] & 0x02) != 0)
        {
            int end = Array.IndexOf(d, (byte)0, 17);
            if (end < 0)
                throw new TrustException("a JUMBF label is not terminated");
            label = Encoding.UTF8.GetString(d, 17, end - 17);
        }
        var children = boxes.Skip(1).Where(b => b.Type == "jumb").Select(b => ReadSuper(b.Payload)).ToList();
        return new JumbfBox(type, label, payload, children);
    }

    internal static IEnumerable<(string Type, byte[] Payload)> Boxes(byte[] data)
    {
        int pos = 0;
        while (pos < data.Length)
        {
            if (data.Length - pos < 8)
                throw new TrustException("a JUMBF box header is cut short");
            long size = BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(pos));
            if (size < 8 || pos + size > data.Length)
                throw new TrustException("a JUMBF box runs past its parent");
            yield return (Encoding.ASCII.GetString(data, pos + 4, 4), data[(pos + 8)..(pos + (int)size)]);
            pos += (int)size;
        }
    }
}
