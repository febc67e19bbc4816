using System.Security.Cryptography;
using System.Security.Cryptography.Cose;

namespace Vidgan.Trust;

/// <summary>Builds a C2PA manifest store with one manifest: the assertions, a v2 claim that lists each by label and
/// SHA-256, and the claim's COSE_Sign1 signature (ES256, the certificate chain in the protected header).</summary>
public static class ManifestStoreWriter
{
    const int X5Chain = 33;

    public static byte[] Build(
        IReadOnlyList<(string Label, byte[] Cbor)> assertions,
        SigningIdentity identity,
        string title
    )
    {
        var boxes = assertions
            .Select(a => (a.Label, Box: Jumbf.Super(Jumbf.CborAssertion, a.Label, Jumbf.Cbor(a.Cbor))))
            .ToList();
        var claim = CborValue.Write(
            new Dictionary<string, object?>
            {
                ["instanceID"] = $"xmp:iid:{Guid.NewGuid()}",
                ["claim_generator_info"] = new Dictionary<string, object?>
                {
                    ["name"] = "Vidgan",
                    ["version"] = SyntheticLabel.SoftwareVersion,
                },
                ["signature"] = "self#jumbf=c2pa.signature",
                ["created_assertions"] = boxes
                    .Select(b => new Dictionary<string, object?>
                    {
                        ["url"] = $"self#jumbf=c2pa.assertions/{b.Label}",
                        ["hash"] = SHA256.HashData(b.Box.AsSpan(8)),
                    })
                    .ToList(),
                ["gathered_assertions"] = new List<object?>(),
                ["alg"] = "sha256",
                ["dc:title"] = title,
            }
        );
        var manifest = Jumbf.Super(
            Jumbf.Manifest,
            $"urn:c2pa:{Guid.NewGuid()}",
            Jumbf.Super(Jumbf.AssertionStore, "c2pa.assertions", boxes.Select(b => b.Box).ToArray()),
            Jumbf.Super(Jumbf.Claim, "c2pa.claim.v2", Jumbf.Cbor(claim)),
            Jumbf.Super(Jumbf.Signature, "c2pa.signature", Jumbf.Cbor(Sign(claim, identity)))
        );
        return Jumbf.Super(Jumbf.ManifestStore, "c2pa", manifest);
    }

    static byte[] Sign(byte[] claim, SigningIdentity identity)
    {
        var headers = new CoseHeaderMap
        {
            {
                new CoseHeaderLabel(X5Chain),
                CoseHeaderValue.FromEncodedValue(CborValue.Write(identity.Chain.Select(c => c.RawData).ToList()))
            },
        };
        var signer = new CoseSigner(identity.Key, HashAlgorithmName.SHA256, headers);
        return CoseSign1Message.SignDetached(claim, signer);
    }

    internal static int X5ChainLabel => X5Chain;
}
