using System.Text;
using Vidgan.Media;
using Vidgan.Tests.Support;
using Vidgan.Trust;

namespace Vidgan.Tests.Trust;

public class ContentCredentialsTests
{
    [Fact]
    public void ASignedMp4VerifiesAsGeneratedAndStillDecodesFrameForFrame()
    {
        using var temp = new TempDir();
        using var identity = SigningIdentity.OpenOrCreate(temp["trust"], "Test library");
        string plain = TrustFiles.Encoded(temp.Path, VideoFormat.Mp4, "plain");
        string path = TrustFiles.Signed(temp.Path, identity);

        var report = CredentialReader.Check(path, identity.Chain);

        Assert.True(report.GeneratedAndIntact, report.ToString());
        Assert.Equal(BindingState.Intact, report.Binding);
        Assert.Equal("c2pa.created", report.Action);
        Assert.Equal(SyntheticLabel.TrainedAlgorithmicMedia, report.DigitalSourceType);
        Assert.True(report.SignerIsLibrary);
        Assert.Equal(TrustFiles.Facts with { Name = "square_1.mp4" }, report.Generation);
        var options = new DecodeOptions(32, 12);
        Assert.Equal(VideoDecoder.Decode(plain, options).Rgb, VideoDecoder.Decode(path, options).Rgb);
        Assert.Equal(1, Bmff.TopLevel(File.ReadAllBytes(path)).Count(b => b.IsManifestStore));
        Assert.Equal("uuid", Bmff.TopLevel(File.ReadAllBytes(path))[1].Type);
    }

    [Fact]
    public void AChangedVideoByteIsReportedAsTamperedWithTheRangeThatHoldsIt()
    {
        using var temp = new TempDir();
        using var identity = SigningIdentity.OpenOrCreate(temp["trust"], "Test library");
        string path = TrustFiles.Signed(temp.Path, identity);
        var mdat = TrustFiles.Box(path, "mdat");
        TrustFiles.FlipByte(path, mdat.Offset + mdat.Size / 2);

        var report = CredentialReader.Check(path, identity.Chain);

        Assert.False(report.GeneratedAndIntact);
        Assert.True(report.SignatureValid);
        Assert.Equal(BindingState.Tampered, report.Binding);
        Assert.Equal($"mdat bytes {mdat.Offset:N0}–{mdat.End - 1:N0}", Assert.Single(report.ChangedBytes));
    }

    [Fact]
    public void AnEditedAssertionNoLongerMatchesTheSignedClaim()
    {
        using var temp = new TempDir();
        using var identity = SigningIdentity.OpenOrCreate(temp["trust"], "Test library");
        string path = TrustFiles.Signed(temp.Path, identity);
        var bytes = File.ReadAllBytes(path);
        int at = bytes.AsSpan().IndexOf(Encoding.ASCII.GetBytes(new string('c', 64)));
        Assert.True(at > 0);
        bytes[at] = (byte)'d';
        File.WriteAllBytes(path, bytes);

        var report = CredentialReader.Check(path, identity.Chain);

        Assert.False(report.AssertionsIntact);
        Assert.False(report.GeneratedAndIntact);
    }

    [Fact]
    public void AForgedSignatureIsInvalid()
    {
        using var temp = new TempDir();
        using var identity = SigningIdentity.OpenOrCreate(temp["trust"], "Test library");
        string path = TrustFiles.Signed(temp.Path, identity);
        // The COSE signature's 64 bytes end the manifest store, which ends the C2PA box.
        var store = Bmff.TopLevel(File.ReadAllBytes(path)).Single(b => b.IsManifestStore);
        TrustFiles.FlipByte(path, store.End - 10);

        var report = CredentialReader.Check(path, identity.Chain);

        Assert.True(report.Present);
        Assert.False(report.SignatureValid);
        Assert.Equal(BindingState.Intact, report.Binding);
        Assert.False(report.GeneratedAndIntact);
    }

    [Fact]
    public void SigningAgainReplacesTheManifestInsteadOfAddingOne()
    {
        using var temp = new TempDir();
        using var identity = SigningIdentity.OpenOrCreate(temp["trust"], "Test library");
        string path = TrustFiles.Signed(temp.Path, identity);
        long once = new FileInfo(path).Length;

        ContentCredentials.Sign(path, TrustFiles.Facts with { Seed = 43 }, identity);

        Assert.Equal(1, Bmff.TopLevel(File.ReadAllBytes(path)).Count(b => b.IsManifestStore));
        Assert.InRange(new FileInfo(path).Length, once - 4, once + 4);
        var report = CredentialReader.Check(path, identity.Chain);
        Assert.True(report.GeneratedAndIntact, report.ToString());
        Assert.Equal(43, report.Generation!.Seed);
    }

    [Fact]
    public void AnotherLibrarysKeyVerifiesButIsNotThisLibrarys()
    {
        using var temp = new TempDir();
        using var ours = SigningIdentity.OpenOrCreate(temp["ours"], "Our library");
        using var theirs = SigningIdentity.OpenOrCreate(temp["theirs"], "Their library");
        string path = TrustFiles.Signed(temp.Path, theirs);

        var report = CredentialReader.Check(path, ours.Chain);

        Assert.True(report.GeneratedAndIntact);
        Assert.False(report.SignerIsLibrary);
        Assert.Contains("Their library", report.Signer);
    }

    [Theory]
    [InlineData(VideoFormat.Gif)]
    [InlineData(VideoFormat.Webm)]
    [InlineData(VideoFormat.Png)]
    public void OtherFormatsGetASidecarBoundToEveryByte(VideoFormat format)
    {
        using var temp = new TempDir();
        using var identity = SigningIdentity.OpenOrCreate(temp["trust"], "Test library");
        string path = TrustFiles.Signed(temp.Path, identity, format);
        Assert.True(File.Exists(ContentCredentials.SidecarPath(path)));
        Assert.True(CredentialReader.Check(path, identity.Chain).GeneratedAndIntact);

        File.AppendAllText(path, "x");

        var report = CredentialReader.Check(path, identity.Chain);
        Assert.Equal(BindingState.Tampered, report.Binding);
        Assert.Contains(report.ChangedBytes, c => c.Contains("the file's at", StringComparison.Ordinal));
    }

    [Fact]
    public void AFileWithoutCredentialsIsReportedAsSuch()
    {
        using var temp = new TempDir();
        string path = TrustFiles.Encoded(temp.Path, VideoFormat.Mp4);

        var report = CredentialReader.Check(path);

        Assert.False(report.Present);
        Assert.False(report.GeneratedAndIntact);
        Assert.Null(report.Problem);
    }

    [Fact]
    public void ABrokenManifestBoxIsAProblemNotACrash()
    {
        using var temp = new TempDir();
        using var identity = SigningIdentity.OpenOrCreate(temp["trust"], "Test library");
        string path = TrustFiles.Signed(temp.Path, identity);
        var store = Bmff.TopLevel(File.ReadAllBytes(path)).Single(b => b.IsManifestStore);
        var bytes = File.ReadAllBytes(path);
        // the JUMBF superbox's length field, just after the 45-byte C2PA box header
        bytes[store.Offset + 45] = 0xFF;
        File.WriteAllBytes(path, bytes);

        var report = CredentialReader.Check(path);

        Assert.True(report.Present);
        Assert.NotNull(report.Problem);
        Assert.False(report.GeneratedAndIntact);
    }
}
