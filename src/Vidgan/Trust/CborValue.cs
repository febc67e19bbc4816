using System.Formats.Cbor;

namespace Vidgan.Trust;

/// <summary>Reads any CBOR item into plain values: maps with text keys become dictionaries (integer keys are kept as
/// their decimal text), arrays lists, byte strings arrays; tags are dropped.</summary>
public static class CborValue
{
    public static object? Read(byte[] cbor)
    {
        try
        {
            var reader = new CborReader(cbor, CborConformanceMode.Lax);
            var value = Item(reader);
            return value;
        }
        catch (Exception e) when (e is CborContentException or InvalidOperationException or FormatException)
        {
            throw new TrustException($"a C2PA box holds malformed CBOR ({e.Message})");
        }
    }

    static object? Item(CborReader r)
    {
        switch (r.PeekState())
        {
            case CborReaderState.Tag:
                r.ReadTag();
                return Item(r);
            case CborReaderState.StartMap:
                int? n = r.ReadStartMap();
                var map = new Dictionary<string, object?>();
                while (r.PeekState() != CborReaderState.EndMap)
                {
                    string key =
                        r.PeekState() == CborReaderState.TextString ? r.ReadTextString() : Item(r)?.ToString() ?? "";
                    map[key] = Item(r);
                }
                r.ReadEndMap();
                return map;
            case CborReaderState.StartArray:
                r.ReadStartArray();
                var list = new List<object?>();
                while (r.PeekState() != CborReaderState.EndArray)
                    list.Add(Item(r));
                r.ReadEndArray();
                return list;
            case CborReaderState.ByteString:
                return r.ReadByteString();
            case CborReaderState.TextString:
                return r.ReadTextString();
            case CborReaderState.UnsignedInteger:
            case CborReaderState.NegativeInteger:
                return r.ReadInt64();
            case CborReaderState.HalfPrecisionFloat:
            case CborReaderState.SinglePrecisionFloat:
            case CborReaderState.DoublePrecisionFloat:
                return r.ReadDouble();
            case CborReaderState.Boolean:
                return r.ReadBoolean();
            case CborReaderState.Null:
                r.ReadNull();
                return null;
            default:
                r.SkipValue();
                return null;
        }
    }

    /// <summary>Writes nested dictionaries, lists, text, numbers, byte arrays and null as CBOR.</summary>
    public static byte[] Write(object? value)
    {
        var w = new CborWriter(CborConformanceMode.Lax);
        Write(w, value);
        return w.Encode();
    }

    static void Write(CborWriter w, object? value)
    {
        switch (value)
        {
            case null:
                w.WriteNull();
                break;
            case string s:
                w.WriteTextString(s);
                break;
            case byte[] b:
                w.WriteByteString(b);
                break;
            case bool b:
                w.WriteBoolean(b);
                break;
            case int or long:
                w.WriteInt64(Convert.ToInt64(value));
                break;
            case double or float:
                w.WriteDouble(Convert.ToDouble(value));
                break;
            case IEnumerable<KeyValuePair<string, object?>> map:
                var pairs = map.ToList();
                w.WriteStartMap(pairs.Count);
                foreach (var (k, v) in pairs)
                {
                    w.WriteTextString(k);
                    Write(w, v);
                }
                w.WriteEndMap();
                break;
            case System.Collections.IEnumerable items:
                var list = items.Cast<object?>().ToList();
                w.WriteStartArray(list.Count);
                foreach (var item in list)
                    Write(w, item);
                w.WriteEndArray();
                break;
            default:
                throw new ArgumentException($"no CBOR form for {value.GetType().Name}");
        }
    }
}
