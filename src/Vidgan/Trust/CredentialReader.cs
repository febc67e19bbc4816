using System.Security.Cryptography;
using System.Security.Cryptography.Cose;
using System.Security.Cryptography.X509Certificates;

namespace Vidgan.Trust;

/// <summary>Reads a file's Content Credentials (embedded or sidecar) and checks them the way a C2PA validator does:
/// the claim's signature against the certificate it carries, each assertion against the hash the claim gives it, and
/// the hard binding against the file's bytes.</summary>
public static class CredentialReader
{
    public static CredentialReport Check(string path, IReadOnlyList<X509Certificate2>? libraryChain = null)
    {
        byte[] file = File.ReadAllBytes(path);
        byte[]? store;
        Binding now;
        string location;
        if (Bmff.IsBmff(file))
        {
            var boxes = Bmff.TopLevel(file);
            store = BmffManifestBox.Extract(file, boxes);
            now = BmffManifestBox.Measure(file, boxes);
            location = "embedded";
        }
        else
        {
            string sidecar = ContentCredentials.SidecarPath(path);
            store = File.Exists(sidecar) ? File.ReadAllBytes(sidecar) : null;
            now = Binding.OfData(file);
            location = "sidecar " + Path.GetFileName(sidecar);
        }
        if (store == null)
            return CredentialReport.None();
        try
        {
            return Check(store, now, libraryChain) with { Location = location };
        }
        catch (TrustException e)
        {
            return CredentialReport.None(e.Message) with { Present = true, Location = location };
        }
    }

    static CredentialReport Check(byte[] storeBytes, Binding now, IReadOnlyList<X509Certificate2>? libraryChain)
    {
        var store = Jumbf.Read(storeBytes);
        if (store.Type != Jumbf.ManifestStore)
            throw new TrustException("the manifest store has the wrong JUMBF type");
        var manifest =
            store.Children.LastOrDefault(c => c.Type == Jumbf.Manifest)
            ?? throw new TrustException("the manifest store holds no manifest");
        byte[] claimBytes = Part(manifest, Jumbf.Claim, "claim");
        var claim =
            CborValue.Read(claimBytes) as Dictionary<string, object?>
            ?? throw new TrustException("the claim is not a map");
        var assertionStore = manifest.Children.FirstOrDefault(c => c.Type == Jumbf.AssertionStore);
        var (assertions, intact) = Assertions(claim, assertionStore);

        var (signatureValid, chain) = Signature(Part(manifest, Jumbf.Signature, "signature"), claimBytes);
        bool? isLibrary = libraryChain == null ? null : SameRoot(chain, libraryChain);

        var actions = Map(assertions.GetValueOrDefault(SyntheticLabel.Actions));
        var first =
            (actions?.GetValueOrDefault("actions") as List<object?>)?.FirstOrDefault() as Dictionary<string, object?>;
        var generation = Map(assertions.GetValueOrDefault(SyntheticLabel.Generation));
        var hard = Map(
            assertions.GetValueOrDefault(SyntheticLabel.BmffHash)
                ?? assertions.GetValueOrDefault(SyntheticLabel.DataHash)
        );
        var signedHash = hard?.GetValueOrDefault("hash") as byte[];
        var binding =
            signedHash == null ? BindingState.Missing
            : signedHash.AsSpan().SequenceEqual(now.Hash) ? BindingState.Intact
            : BindingState.Tampered;
        var changed =
            binding == BindingState.Tampered
                ? Binding.Changed(Binding.PartsFromCbor(generation?.GetValueOrDefault("parts")), now.Parts)
                : [];
        return new CredentialReport(
            true,
            null,
            null,
            signatureValid,
            chain[0].Subject,
            chain[0].Issuer,
            isLibrary,
            intact,
            binding,
            changed,
            first?.GetValueOrDefault("action") as string,
            first?.GetValueOrDefault("digitalSourceType") as string,
            GenerationFacts.FromMap(generation)
        );
    }

    static Dictionary<string, object?>? Map(byte[]? cbor) =>
        cbor == null ? null : CborValue.Read(cbor) as Dictionary<string, object?>;

    static byte[] Part(JumbfBox manifest, Guid type, string what) =>
        manifest.Children.FirstOrDefault(c => c.Type == type)?.Content("cbor")
        ?? throw new TrustException($"the manifest has no {what}");

    /// <summary>The CBOR of each assertion the claim lists, and whether every one matches its hash.</summary>
    static (Dictionary<string, byte[]>, bool) Assertions(Dictionary<string, object?> claim, JumbfBox? store)
    {
        var found = new Dictionary<string, byte[]>();
        bool intact = store != null;
        foreach (
            var reference in (claim.GetValueOrDefault("created_assertions") as List<object?> ?? []).OfType<
                Dictionary<string, object?>
            >()
        )
        {
            string label = (reference.GetValueOrDefault("url") as string ?? "").Split('/').Last();
            var box = store?.Child(label);
            var hash = reference.GetValueOrDefault("hash") as byte[];
            if (box == null || hash == null || !SHA256.HashData(box.Payload).AsSpan().SequenceEqual(hash))
            {
                intact = false;
                continue;
            }
            if (box.Content("cbor") is byte[] cbor)
                found[label] = cbor;
        }
        return (found, intact && found.Count > 0);
    }

    static (bool Valid, X509Certificate2[] Chain) Signature(byte[] cose, byte[] claim)
    {
        CoseSign1Message message;
        try
        {
            message = CoseMessage.DecodeSign1(cose);
        }
        catch (CryptographicException e)
        {
            throw new TrustException($"the claim signature is not COSE_Sign1 ({e.Message})");
        }
        if (!message.ProtectedHeaders.TryGetValue(new CoseHeaderLabel(ManifestStoreWriter.X5ChainLabel), out var x5))
            throw new TrustException("the claim signature carries no certificate chain (x5chain)");
        var raw = CborValue.Read(x5.EncodedValue.ToArray());
        var certs = (
            raw is List<object?> list ? list.OfType<byte[]>()
            : raw is byte[] one ? [one]
            : []
        ).Select(b => X509CertificateLoader.LoadCertificate(b)).ToArray();
        if (certs.Length == 0)
            throw new TrustException("the claim signature's certificate chain is empty");
        using var key =
            certs[0].GetECDsaPublicKey() ?? throw new TrustException("the signing certificate has no EC key");
        bool valid;
        try
        {
            valid = message.VerifyDetached(key, claim) && ChainHolds(certs);
        }
        catch (CryptographicException)
        {
            valid = false;
        }
        return (valid, certs);
    }

    /// <summary>Each certificate of the chain was issued by the next (the last is the root it names).</summary>
    static bool ChainHolds(X509Certificate2[] certs)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.CustomTrustStore.Add(certs[^1]);
        chain.ChainPolicy.ExtraStore.AddRange(certs[1..]);
        return certs.Length == 1 ? false : chain.Build(certs[0]);
    }

    static bool SameRoot(X509Certificate2[] chain, IReadOnlyList<X509Certificate2> library) =>
        chain[^1].RawData.AsSpan().SequenceEqual(library[^1].RawData);
}
