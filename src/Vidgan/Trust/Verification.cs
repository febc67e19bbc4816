using System.Security.Cryptography.X509Certificates;
using Vidgan.Library;
using Vidgan.Media;
using Vidgan.Util;

namespace Vidgan.Trust;

/// <summary>Everything <c>vidgan verify</c> finds in one file: its Content Credentials and its plain-metadata
/// label.</summary>
/// <param name="WatermarkAsset">The library asset the watermark names (its library and mark both match).</param>
public sealed record Verdict(
    string File,
    bool Exists,
    CredentialReport Credentials,
    string? MetadataLabel,
    WatermarkReading? Watermark = null,
    long? LibraryAsset = null,
    long? WatermarkAsset = null
)
{
    /// <summary>The file says, in a signature that holds over its present bytes, that a trained model made
    /// it.</summary>
    public bool GeneratedAndIntact => Exists && Credentials.GeneratedAndIntact;
}

public static class Verification
{
    /// <param name="library">When given, the signer is compared with the library's key and the file looked up
    /// among its generated assets.</param>
    public static Verdict Verify(string file, VidganLibrary? library)
    {
        var chain = library != null ? SigningIdentity.ChainIn(library.TrustFolder) : null;
        var verdict = Verify(file, chain);
        if (library == null || !verdict.Exists)
            return verdict;
        long? marked =
            chain != null
            && verdict.Watermark?.Payload is WatermarkPayload p
            && p.Library == SigningIdentity.WatermarkLibraryOf(chain)
                ? library.Catalog.FindByWatermark(p.Mark)?.Id
                : null;
        return verdict with
        {
            LibraryAsset = library.Catalog.FindAsset(Hashing.Sha256File(file), AssetSource.Generated)?.Id,
            WatermarkAsset = marked,
        };
    }

    public static Verdict Verify(string file, IReadOnlyList<X509Certificate2>? libraryChain)
    {
        if (!File.Exists(file))
            return new Verdict(
                file,
                false,
                CredentialReport.None(Directory.Exists(file) ? "a folder, not a file" : "no such file"),
                null
            );
        if (Path.GetExtension(file).Equals(".c2pa", StringComparison.OrdinalIgnoreCase))
            return new Verdict(
                file,
                true,
                CredentialReport.None("this is a Content Credentials sidecar: verify the media file beside it"),
                null
            );
        CredentialReport credentials;
        try
        {
            credentials = CredentialReader.Check(file, libraryChain);
        }
        catch (TrustException e)
        {
            credentials = CredentialReport.None(e.Message);
        }
        string? label = null;
        try
        {
            label = DigitalSourceType.Read(file);
        }
        catch (Exception e) when (e is IOException or MediaException or System.Text.Json.JsonException)
        {
            label = null;
        }
        WatermarkReading? watermark;
        try
        {
            watermark = WatermarkReader.Read(file);
        }
        catch (VidganException)
        {
            watermark = null;
        }
        return new Verdict(file, true, credentials, label, watermark);
    }
}
