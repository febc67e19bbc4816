using Vidgan.Data;
using Vidgan.Media;
using Vidgan.Trust;

namespace Vidgan.Tests.Trust;

/// <summary>Generated-looking files for the trust tests: a shapes clip encoded with its synthetic label, then
/// signed.</summary>
static class TrustFiles
{
    public static readonly GenerationFacts Facts = new(
        "square_1.mp4",
        "run-a",
        new string('c', 64),
        42,
        "square",
        0.73,
        "layered",
        "{\"truncation\":1}"
    );

    public static string Encoded(string folder, VideoFormat format, string name = "square_1")
    {
        string path = Path.Combine(folder, name + format.Extension());
        var clip = ShapesDataset.Render("square", 32, 12, 8, seed: 5);
        VideoEncoder.EncodeMany(new[] { new VideoEncoder.Job(clip, path, format, "synthetic", Synthetic: true) });
        return path;
    }

    public static string Signed(string folder, SigningIdentity identity, VideoFormat format = VideoFormat.Mp4)
    {
        string path = Encoded(folder, format);
        ContentCredentials.Sign(path, Facts with { Name = Path.GetFileName(path) }, identity);
        return path;
    }

    /// <summary>The offset of the top-level box of this type.</summary>
    public static BmffBox Box(string path, string type) =>
        Bmff.TopLevel(File.ReadAllBytes(path)).Single(b => b.Type == type);

    public static void FlipByte(string path, long offset)
    {
        var bytes = File.ReadAllBytes(path);
        bytes[offset] ^= 0x01;
        File.WriteAllBytes(path, bytes);
    }
}
