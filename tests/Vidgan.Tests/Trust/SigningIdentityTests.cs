using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Vidgan.Tests.Support;
using Vidgan.Trust;

namespace Vidgan.Tests.Trust;

public class SigningIdentityTests
{
    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public void TheFirstUseMakesAnIdentityThatLaterUsesReload()
    {
        using var temp = new TempDir();
        byte[] first;
        using (var made = SigningIdentity.OpenOrCreate(temp["trust"], "Lib"))
            first = made.Certificate.RawData;
        using var again = SigningIdentity.OpenOrCreate(temp["trust"], "Lib");

        Assert.Equal(first, again.Certificate.RawData);
        Assert.Equal(2, again.Chain.Count);
        Assert.Equal(again.Chain[1].Subject, again.Certificate.Issuer);
        CertificateProfile.Check(again.Certificate);
        var mode = File.GetUnixFileMode(Path.Combine(temp["trust"], "signing-key.pem"));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, mode);
    }

    [Fact]
    public void ImportRefusesAKeyThatIsNotTheCertificates()
    {
        using var temp = new TempDir();
        using var a = SigningIdentity.OpenOrCreate(temp["a"], "A");
        using var b = SigningIdentity.OpenOrCreate(temp["b"], "B");
        string chain = string.Concat(a.Chain.Select(c => c.ExportCertificatePem() + "\n"));

        var e = Assert.Throws<TrustException>(() =>
            SigningIdentity.Import(temp["c"], chain, b.Key.ExportPkcs8PrivateKeyPem())
        );
        Assert.Contains("does not belong", e.Message);
        Assert.False(SigningIdentity.Exists(temp["c"]));
    }

    [Fact]
    public void ImportRefusesASelfSignedCertificate()
    {
        using var temp = new TempDir();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=Self", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));

        var e = Assert.Throws<TrustException>(() =>
            SigningIdentity.Import(temp["t"], cert.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem())
        );
        Assert.Contains("self-signed", e.Message);
    }

    [Fact]
    public void AnImportedChainSignsFromThenOn()
    {
        using var temp = new TempDir();
        using var team = SigningIdentity.OpenOrCreate(temp["team"], "Team");
        string chain = string.Concat(team.Chain.Select(c => c.ExportCertificatePem() + "\n"));
        using (SigningIdentity.OpenOrCreate(temp["lib"], "Lib")) { }

        using (SigningIdentity.Import(temp["lib"], chain, team.Key.ExportPkcs8PrivateKeyPem())) { }

        using var now = SigningIdentity.Open(temp["lib"]);
        Assert.Equal(team.Certificate.RawData, now.Certificate.RawData);
    }
}
