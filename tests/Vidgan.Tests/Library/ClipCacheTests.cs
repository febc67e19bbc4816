using System.Security.Cryptography;
using Vidgan.Library;
using Vidgan.Media;
using Vidgan.Tests.Support;

namespace Vidgan.Tests.Library;

public class ClipCacheTests
{
    const int Side = 64,
        FrameBytes = Side * Side * 3;

    static (ClipCache Cache, byte[] Rgb) WithEntry(TempDir temp, bool encrypted)
    {
        var cipher = encrypted ? new LibraryCipher(RandomNumberGenerator.GetBytes(32)) : null;
        var cache = new ClipCache(temp["cache"], cipher);
        var rgb = new byte[20 * FrameBytes];
        new Random(1).NextBytes(rgb);
        cache.Put("ab-key", new Clip(rgb, 20, Side, Side, 8));
        return (cache, rgb);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void FramesReadFromAnOffsetAreThoseOfTheWholeEntry(bool encrypted)
    {
        using var temp = new TempDir();
        var (cache, rgb) = WithEntry(temp, encrypted);
        // Frames 13 to 16 cross a 64 KiB chunk of the encrypted file.
        var some = new byte[4 * FrameBytes];
        cache.ReadFrames("ab-key", 13, some);
        Assert.Equal(rgb.AsSpan(13 * FrameBytes, some.Length).ToArray(), some);
        var last = new byte[FrameBytes];
        cache.ReadFrames("ab-key", 19, last);
        Assert.Equal(rgb.AsSpan(19 * FrameBytes).ToArray(), last);
        Assert.Equal(rgb, cache.Get("ab-key").Rgb);
    }

    [Fact]
    public void FramesPastTheEntryOrOfAnotherSizeOrADamagedEntryAreRefused()
    {
        using var temp = new TempDir();
        var (cache, _) = WithEntry(temp, encrypted: false);
        string past = Assert
            .Throws<VidganException>(() => cache.ReadFrames("ab-key", 17, new byte[4 * FrameBytes]))
            .Message;
        Assert.Contains("holds 20 frames", past);
        Assert.Contains(
            "holds frames of 64×64",
            Assert.Throws<VidganException>(() => cache.ReadFrames("ab-key", 0, new byte[FrameBytes + 3])).Message
        );
        Assert.Contains(
            "is missing",
            Assert.Throws<VidganException>(() => cache.ReadFrames("cd-key", 0, new byte[FrameBytes])).Message
        );

        string file = Directory.GetFiles(cache.Directory, "*.frames", SearchOption.AllDirectories).Single();
        using (var stream = File.OpenWrite(file))
            stream.SetLength(stream.Length - FrameBytes);
        string cut = Assert.Throws<VidganException>(() => cache.ReadFrames("ab-key", 0, new byte[FrameBytes])).Message;
        Assert.Contains("is truncated", cut);
        Assert.Contains("is truncated", Assert.Throws<VidganException>(() => cache.Get("ab-key")).Message);

        using (var stream = File.OpenWrite(file))
            stream.SetLength(12);
        Assert.Contains("is truncated", Assert.Throws<VidganException>(() => cache.Get("ab-key")).Message);
        File.WriteAllBytes(file, new byte[64]);
        Assert.Contains("is damaged", Assert.Throws<VidganException>(() => cache.Get("ab-key")).Message);
    }
}
