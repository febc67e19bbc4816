using System.Security.Cryptography.X509Certificates;

namespace Vidgan.Trust;

/// <summary>C2PA's rules for a claim-signing certificate (C2PA 2.1, "Certificate profile"), checked before a
/// certificate is used so that a library never signs what validators reject.</summary>
public static class CertificateProfile
{
    static readonly string[] SigningUsages = { "1.3.6.1.5.5.7.3.36", "1.3.6.1.5.5.7.3.4", "1.3.6.1.4.1.62558.2.1" };

    public static void Check(X509Certificate2 cert)
    {
        string who = cert.Subject;
        if (cert.Version != 3)
            throw new TrustException($"certificate {who}: C2PA needs an X.509 v3 certificate");
        if (cert.SubjectName.RawData.AsSpan().SequenceEqual(cert.IssuerName.RawData))
            throw new TrustException(
                $"certificate {who}: C2PA refuses a self-signed signing certificate; sign it with a CA"
            );
        var usage = cert.Extensions.OfType<X509KeyUsageExtension>().FirstOrDefault();
        if (usage is not { Critical: true } || !usage.KeyUsages.HasFlag(X509KeyUsageFlags.DigitalSignature))
            throw new TrustException($"certificate {who}: needs a critical key usage with digitalSignature");
        if (cert.Extensions.OfType<X509BasicConstraintsExtension>().Any(b => b.CertificateAuthority))
            throw new TrustException($"certificate {who}: a CA certificate cannot sign claims");
        var extended = cert.Extensions.OfType<X509EnhancedKeyUsageExtension>().FirstOrDefault();
        var oids =
            extended?.EnhancedKeyUsages.Cast<System.Security.Cryptography.Oid>().Select(o => o.Value).ToArray() ?? [];
        if (!oids.Any(o => SigningUsages.Contains(o)))
            throw new TrustException(
                $"certificate {who}: needs an extended key usage of documentSigning, emailProtection "
                    + "or C2PA claim signing"
            );
        if (cert.GetECDsaPublicKey() is not { KeySize: 256 })
            throw new TrustException($"certificate {who}: Vidgan signs with ECDSA (ES256); give it a P-256 key");
        if (DateTime.Now < cert.NotBefore || DateTime.Now > cert.NotAfter)
            throw new TrustException(
                $"certificate {who}: not valid now (valid {cert.NotBefore:u} to {cert.NotAfter:u})"
            );
    }
}
