using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Vidgan.Library;
using Vidgan.Util;

namespace Vidgan.Trust;

/// <summary>The key and certificate chain a library signs its Content Credentials with: the signing certificate
/// first, then its issuers. Stored as PEM in the library's <c>trust/</c> folder; the private key file is readable by
/// its owner only.</summary>
public sealed class SigningIdentity : IDisposable
{
    const string KeyFile = "signing-key.pem";
    const string ChainFile = "signing-chain.pem";
    const string DocumentSigning = "1.3.6.1.5.5.7.3.36";

    SigningIdentity(ECDsa key, X509Certificate2[] chain)
    {
        Key = key;
        Chain = chain;
    }

    public ECDsa Key { get; }

    public IReadOnlyList<X509Certificate2> Chain { get; }

    public X509Certificate2 Certificate => Chain[0];

    /// <summary>The library number a watermark carries: 12 bits of the SHA-256 of the chain's root.</summary>
    public int WatermarkLibrary => WatermarkLibraryOf(Chain);

    public static int WatermarkLibraryOf(IReadOnlyList<X509Certificate2> chain)
    {
        var hash = SHA256.HashData(chain[^1].RawData);
        return ((hash[0] << 8) | hash[1]) & ((1 << WatermarkPayload.LibraryBits) - 1);
    }

    public static bool Exists(string directory) =>
        File.Exists(Path.Combine(directory, KeyFile)) && File.Exists(Path.Combine(directory, ChainFile));

    /// <summary>Loads the identity in <paramref name="directory"/>, making a self-issued one (a library CA whose
    /// private key is discarded, and a signing certificate it issued) on first use. Processes that start at once
    /// (workers of one library) make it under a lock file, so that none pairs one's key with another's chain.</summary>
    /// <param name="cipher">An encrypted library's cipher: the private key is stored encrypted with it.</param>
    public static SigningIdentity OpenOrCreate(string directory, string owner, LibraryCipher? cipher = null)
    {
        if (!Exists(directory))
        {
            Directory.CreateDirectory(directory);
            using var creating = FileLock.Take(Path.Combine(directory, ".create.lock"), TimeSpan.FromMinutes(1));
            if (!Exists(directory))
                Save(directory, SelfIssued(owner), cipher);
        }
        return Open(directory, cipher);
    }

    /// <summary>The library's identity, or without a library the user's own
    /// (<c>~/.local/share/vidgan/trust</c>).</summary>
    public static SigningIdentity ForLibrary(string? trustFolder, string? libraryRoot, LibraryCipher? cipher = null) =>
        trustFolder != null
            ? OpenOrCreate(trustFolder, $"Vidgan library {Path.GetFileName(libraryRoot?.TrimEnd('/'))}", cipher)
            : OpenOrCreate(
                Path.Combine(
                    Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData),
                    "vidgan",
                    "trust"
                ),
                $"Vidgan user {Environment.UserName}"
            );

    /// <summary>The certificate chain in <paramref name="directory"/> without its key, or null when there is
    /// none.</summary>
    public static X509Certificate2[]? ChainIn(string directory)
    {
        string chainPath = Path.Combine(directory, ChainFile);
        if (!File.Exists(chainPath))
            return null;
        var chain = new X509Certificate2Collection();
        chain.ImportFromPem(File.ReadAllText(chainPath));
        return chain.ToArray();
    }

    public static SigningIdentity Open(string directory, LibraryCipher? cipher = null)
    {
        string keyPath = Path.Combine(directory, KeyFile);
        string chainPath = Path.Combine(directory, ChainFile);
        if (!File.Exists(keyPath) || !File.Exists(chainPath))
            throw new TrustException($"no signing identity in {directory}");
        return FromPem(File.ReadAllText(chainPath), ReadKey(keyPath, cipher));
    }

    /// <summary>Checks a team's or a CA-issued chain and key, then stores them in place of the current ones.</summary>
    public static SigningIdentity Import(string directory, string chainPem, string keyPem, LibraryCipher? cipher = null)
    {
        var identity = FromPem(chainPem, keyPem);
        Save(directory, identity, cipher);
        return identity;
    }

    static SigningIdentity FromPem(string chainPem, string keyPem)
    {
        var chain = new X509Certificate2Collection();
        try
        {
            chain.ImportFromPem(chainPem);
        }
        catch (CryptographicException e)
        {
            throw new TrustException($"the certificate chain is not readable PEM ({e.Message})");
        }
        if (chain.Count == 0)
            throw new TrustException("the certificate chain holds no certificate");
        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(keyPem);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            throw new TrustException($"the signing key is not a readable EC private key in PEM ({e.Message})");
        }
        using var certKey = chain[0].GetECDsaPublicKey();
        if (certKey == null || !certKey.ExportSubjectPublicKeyInfo().SequenceEqual(key.ExportSubjectPublicKeyInfo()))
            throw new TrustException("the signing key does not belong to the first certificate of the chain");
        CertificateProfile.Check(chain[0]);
        return new SigningIdentity(key, chain.ToArray());
    }

    /// <summary>Encrypts a library's plain key file in place (for converting a library).</summary>
    public static bool EncryptKey(string directory, LibraryCipher cipher) =>
        cipher.EncryptInPlace(Path.Combine(directory, KeyFile), KeyName);

    const string KeyName = "key:signing";

    static string ReadKey(string keyPath, LibraryCipher? cipher)
    {
        if (!LibraryCipher.IsEncrypted(keyPath))
            return File.ReadAllText(keyPath);
        if (cipher == null)
            throw new TrustException("the signing key is encrypted: open its library with the library's key");
        using var reader = new StreamReader(cipher.OpenRead(keyPath, KeyName));
        return reader.ReadToEnd();
    }

    static void Save(string directory, SigningIdentity identity, LibraryCipher? cipher)
    {
        Directory.CreateDirectory(directory);
        string chain = string.Concat(identity.Chain.Select(c => c.ExportCertificatePem() + "\n"));
        string pem = identity.Key.ExportPkcs8PrivateKeyPem() + "\n";
        if (cipher != null)
            cipher.Write(
                Path.Combine(directory, KeyFile),
                KeyName,
                s => s.Write(System.Text.Encoding.ASCII.GetBytes(pem))
            );
        else
            WritePrivate(Path.Combine(directory, KeyFile), pem);
        AtomicFile.WriteAllText(Path.Combine(directory, ChainFile), chain);
    }

    static void WritePrivate(string path, string text)
    {
        string temp = path + $".{Guid.NewGuid():N}.tmp";
        using (var w = new StreamWriter(PrivateFile.Create(temp)))
            w.Write(text);
        File.Move(temp, path, overwrite: true);
    }

    static SigningIdentity SelfIssued(string owner)
    {
        var now = DateTimeOffset.UtcNow.AddHours(-1);
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest($"CN={owner} CA, O=Vidgan", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        caRequest.CertificateExtensions.Add(
            new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true)
        );
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        using var ca = caRequest.CreateSelfSigned(now, now.AddYears(20));

        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={owner}, O=Vidgan", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(
            new X509EnhancedKeyUsageExtension(new OidCollection { new Oid(DocumentSigning) }, false)
        );
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        using var leaf = request.Create(ca, now, now.AddYears(10), serial);
        return new SigningIdentity(
            key,
            new[]
            {
                X509CertificateLoader.LoadCertificate(leaf.RawData),
                X509CertificateLoader.LoadCertificate(ca.RawData),
            }
        );
    }

    public void Dispose()
    {
        Key.Dispose();
        foreach (var c in Chain)
            c.Dispose();
    }
}
