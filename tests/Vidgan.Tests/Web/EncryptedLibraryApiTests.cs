using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Vidgan.Library;
using Vidgan.Media;
using Vidgan.Tests.Support;
using Vidgan.Web;

namespace Vidgan.Tests.Web;

/// <summary>An encrypted library served: files decrypted as they are sent, ranges included, posters made from a
/// decrypted copy and stored encrypted.</summary>
public class EncryptedLibraryApiTests
{
    [Fact]
    public async Task AnEncryptedLibraryServesPlainBytesRangesAndPostersWhileStoringNoneInTheClear()
    {
        using var temp = new TempDir();
        var key = new LibraryKey(RandomNumberGenerator.GetBytes(32), null);
        string root = temp["lib"];
        Directory.CreateDirectory(root);
        Keyring.Create(root, key);
        string video = temp["clip.mp4"];
        VideoEncoder.Encode(Vidgan.Data.ShapesDataset.Render("circle", 64, 24, 8, seed: 2), video, VideoFormat.Mp4);
        var plain = File.ReadAllBytes(video);
        long id;
        string sha;
        using (var lib = VidganLibrary.Open(root, create: true, key: key))
        {
            sha = lib.Blobs.Put(video);
            id = lib.Catalog.AddAsset(
                new Asset
                {
                    Sha256 = sha,
                    Name = "clip.mp4",
                    Format = "mp4",
                    Width = 64,
                    Height = 64,
                    Frames = 24,
                    Fps = 8,
                    Duration = 3,
                }
            );
            Assert.True(lib.Blobs.IsEncrypted(sha));
        }
        await using var service = await TestService.Start(
            new ServeOptions
            {
                LibraryRoot = root,
                RunJobs = false,
                Key = key,
            }
        );

        var whole = await service.Client.GetByteArrayAsync($"/api/v1/assets/{id}/file");
        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/assets/{id}/file");
        request.Headers.Range = new RangeHeaderValue(100, 199);
        var part = await service.Client.SendAsync(request);
        var poster = await service.Client.GetAsync($"/api/v1/assets/{id}/poster");

        Assert.Equal(plain, whole);
        Assert.Equal(HttpStatusCode.PartialContent, part.StatusCode);
        Assert.Equal(plain[100..200], await part.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.OK, poster.StatusCode);
        Assert.Equal(0xFF, (await poster.Content.ReadAsByteArrayAsync())[0]);
        var stored = Directory
            .GetFiles(root, "*", SearchOption.AllDirectories)
            .Where(f => f.Contains("blobs") || f.Contains("previews"))
            .ToList();
        Assert.Equal(2, stored.Count);
        Assert.All(stored, f => Assert.True(LibraryCipher.IsEncrypted(f), f));
        Assert.Empty(Directory.Exists(Path.Combine(root, "tmp")) ? Directory.GetFiles(Path.Combine(root, "tmp")) : []);
    }

    [Fact]
    public void TheServerRefusesToStartWithTheWrongKey()
    {
        using var temp = new TempDir();
        string root = temp["lib"];
        Directory.CreateDirectory(root);
        Keyring.Create(root, new LibraryKey(RandomNumberGenerator.GetBytes(32), null));

        var e = Assert.Throws<VidganException>(() =>
            VidganServer.Build(
                new ServeOptions
                {
                    LibraryRoot = root,
                    RunJobs = false,
                    Key = new LibraryKey(RandomNumberGenerator.GetBytes(32), null),
                }
            )
        );
        Assert.Contains("wrong key or passphrase", e.Message);
    }
}
