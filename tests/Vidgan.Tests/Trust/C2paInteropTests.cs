using System.Text.Json;
using Vidgan.Media;
using Vidgan.Tests.Support;
using Vidgan.Trust;

namespace Vidgan.Tests.Trust;

/// <summary>Vidgan's Content Credentials read and validated by an independent C2PA implementation: TrustNXT's
/// c2pa-ts (TypeScript, on Node), installed by <c>scripts/prerequisites.sh --tests</c> into
/// <c>tests/c2pa</c>.</summary>
public class C2paInteropTests
{
    static JsonElement CheckWithC2paTs(string file)
    {
        string dir = Path.Combine(RepoRoot(), "tests", "c2pa");
        Assert.True(
            Directory.Exists(Path.Combine(dir, "node_modules", "@trustnxt", "c2pa-ts")),
            "c2pa-ts is not installed: run scripts/prerequisites.sh --tests"
        );
        var run = ProcessRunner.Run("node", new[] { Path.Combine(dir, "check.mjs"), file }, TimeSpan.FromSeconds(60));
        Assert.True(run.ExitCode == 0, run.Stderr);
        return JsonDocument.Parse(run.Stdout).RootElement.Clone();
    }

    static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir != null && !File.Exists(Path.Combine(dir.FullName, "Vidgan.sln")))
            dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("no Vidgan.sln above the test binaries");
    }

    static string[] Codes(JsonElement r) =>
        r.GetProperty("codes").EnumerateArray().Select(c => c.GetString()!).ToArray();

    [Fact]
    public void C2paTsFindsTheManifestAndValidatesSignatureAssertionsAndBinding()
    {
        using var temp = new TempDir();
        using var identity = SigningIdentity.OpenOrCreate(temp["trust"], "Test library");
        string path = TrustFiles.Signed(temp.Path, identity);

        var result = CheckWithC2paTs(path);

        Assert.True(result.GetProperty("found").GetBoolean());
        var codes = Codes(result);
        Assert.True(result.GetProperty("valid").GetBoolean(), string.Join(", ", codes));
        Assert.Contains("claimSignature.validated", codes);
        Assert.Contains("assertion.bmffHash.match", codes);
        Assert.Equal(3, codes.Count(c => c == "assertion.hashedURI.match"));
        var action = Assert.Single(result.GetProperty("actions").EnumerateArray());
        Assert.Equal("c2pa.created", action.GetProperty("action").GetString());
        Assert.Equal(SyntheticLabel.TrainedAlgorithmicMedia, action.GetProperty("digitalSourceType").GetString());
        Assert.Equal("Vidgan", action.GetProperty("agent").GetString());
    }

    [Fact]
    public void C2paTsReportsTheBindingBrokenWhenOneVideoByteChanges()
    {
        using var temp = new TempDir();
        using var identity = SigningIdentity.OpenOrCreate(temp["trust"], "Test library");
        string path = TrustFiles.Signed(temp.Path, identity);
        var mdat = TrustFiles.Box(path, "mdat");
        TrustFiles.FlipByte(path, mdat.Offset + 16);

        var result = CheckWithC2paTs(path);

        Assert.True(result.GetProperty("found").GetBoolean());
        Assert.False(result.GetProperty("valid").GetBoolean());
        Assert.Contains("assertion.bmffHash.mismatch", Codes(result));
        Assert.Contains("claimSignature.validated", Codes(result));
    }

    [Fact]
    public void C2paTsFindsNoManifestInAnUnsignedFile()
    {
        using var temp = new TempDir();
        string path = TrustFiles.Encoded(temp.Path, VideoFormat.Mp4);

        Assert.False(CheckWithC2paTs(path).GetProperty("found").GetBoolean());
    }
}
