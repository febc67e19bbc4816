using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Vidgan.Media;

/// <summary>The plain-metadata label of a generated file, for tools that read no C2PA: IPTC's digital source type in
/// the container's tags (MP4/MOV through FFmpeg's <c>use_metadata_tags</c>, WebM/MKV tags) or, in a PNG, in an
/// XMP packet (<c>iTXt</c> chunk).</summary>
public static partial class DigitalSourceType
{
    public const string TrainedAlgorithmicMedia =
        "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia";

    public const string TagName = "DigitalSourceType";

    const string XmpKeyword = "XML:com.adobe.xmp";

    /// <summary>FFmpeg output options that write the label; PNG gets it afterwards (<see cref="LabelPng"/>, on the
    /// unpublished file); GIF has
    /// no tag FFmpeg writes, so its label is the C2PA sidecar alone.</summary>
    public static IEnumerable<string> FFmpegOptions(VideoFormat format) =>
        format is VideoFormat.Mp4 or VideoFormat.Webm or VideoFormat.Mkv
            ? new[] { "-metadata", $"{TagName}={TrainedAlgorithmicMedia}" }
            : [];

    /// <summary>Rewrites a PNG with an XMP packet naming the digital source type, right after its header
    /// chunk.</summary>
    public static void LabelPng(string path)
    {
        byte[] png = File.ReadAllBytes(path);
        if (png.Length < 33 || Encoding.ASCII.GetString(png, 12, 4) != "IHDR")
            throw new MediaException(path, "not a PNG: no IHDR chunk where one belongs");
        string xmp =
            "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">"
            + "<rdf:Description rdf:about=\"\" xmlns:Iptc4xmpExt=\"http://iptc.org/std/Iptc4xmpExt/2008-02-29/\">"
            + $"<Iptc4xmpExt:DigitalSourceType>{TrainedAlgorithmicMedia}</Iptc4xmpExt:DigitalSourceType>"
            + "</rdf:Description></rdf:RDF></x:xmpmeta>";
        // keyword, NUL, compression flag and method, empty language tag and translated keyword, then the text
        var data = Encoding
            .Latin1.GetBytes(XmpKeyword)
            .Concat(new byte[] { 0, 0, 0, 0, 0 })
            .Concat(Encoding.UTF8.GetBytes(xmp));
        var chunk = Chunk("iTXt", data.ToArray());
        int afterHeader = 8 + 25;
        File.WriteAllBytes(path, png[..afterHeader].Concat(chunk).Concat(png[afterHeader..]).ToArray());
    }

    static byte[] Chunk(string type, byte[] data)
    {
        var chunk = new byte[12 + data.Length];
        BinaryPrimitives.WriteUInt32BigEndian(chunk, (uint)data.Length);
        Encoding.ASCII.GetBytes(type, chunk.AsSpan(4));
        data.CopyTo(chunk, 8);
        BinaryPrimitives.WriteUInt32BigEndian(
            chunk.AsSpan(8 + data.Length),
            Crc32.HashToUInt32(chunk.AsSpan(4, 4 + data.Length))
        );
        return chunk;
    }

    /// <summary>The digital source type a file's plain metadata names, or null when it names none.</summary>
    public static string? Read(string path)
    {
        byte[] head = new byte[8];
        using (var f = File.OpenRead(path))
            f.ReadExactly(head, 0, (int)Math.Min(8, f.Length));
        if (head.AsSpan().SequenceEqual(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }))
        {
            var m = XmpSourceType().Match(Encoding.UTF8.GetString(File.ReadAllBytes(path)));
            return m.Success ? m.Groups[1].Value : null;
        }
        var probe = ProcessRunner.Run(
            FFmpegTools.FFprobe,
            new[] { "-v", "error", "-show_entries", "format_tags:stream_tags", "-of", "json", path },
            TimeSpan.FromSeconds(30)
        );
        if (probe.ExitCode != 0)
            return null;
        using var json = JsonDocument.Parse(probe.Stdout);
        return Tags(json.RootElement)
            .Where(t => t.Name.Equals(TagName, StringComparison.OrdinalIgnoreCase))
            .Select(t => t.Value.GetString())
            .FirstOrDefault();
    }

    static IEnumerable<JsonProperty> Tags(JsonElement root)
    {
        if (root.TryGetProperty("format", out var format) && format.TryGetProperty("tags", out var tags))
            foreach (var t in tags.EnumerateObject())
                yield return t;
        if (root.TryGetProperty("streams", out var streams))
            foreach (var s in streams.EnumerateArray())
                if (s.TryGetProperty("tags", out var st))
                    foreach (var t in st.EnumerateObject())
                        yield return t;
    }

    [GeneratedRegex(@"<Iptc4xmpExt:DigitalSourceType>([^<]+)</Iptc4xmpExt:DigitalSourceType>")]
    private static partial Regex XmpSourceType();
}
