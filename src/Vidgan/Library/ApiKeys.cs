using System.Security.Cryptography;
using System.Text;

namespace Vidgan.Library;

/// <summary>What a key lets its holder do: a viewer reads, an editor also curates and starts jobs, an admin also
/// manages keys. Each role includes the ones before it.</summary>
public enum ApiKeyRole
{
    Viewer,
    Editor,
    Admin,
}

/// <summary>API keys for the web service: 256 random bits, shown once when made; the catalog keeps only their
/// SHA-256 (a key this long needs no slow hash), so a copy of the library leaks no key.</summary>
public static class ApiKeys
{
    const string Marker = "vgk_";

    public sealed record Created(ApiKeyRecord Record, string Key);

    public static Created Create(VidganLibrary lib, ApiKeyRole role, string? name)
    {
        string key = Marker + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        string label = string.IsNullOrWhiteSpace(name) ? $"{role.ToString().ToLowerInvariant()} key" : name.Trim();
        if (label.Length > Curation.MaxNameLength || label.Any(char.IsControl))
            throw new VidganException($"setting 'name' must be 1 to {Curation.MaxNameLength} printable characters", 2);
        long id = lib.Catalog.AddApiKey(label, role, key[..(Marker.Length + 6)], Hash(key));
        return new Created(lib.Catalog.ApiKeys().First(k => k.Id == id), key);
    }

    /// <summary>The live key with this text, or null for a wrong, revoked or malformed one.</summary>
    public static ApiKeyRecord? Verify(Catalog catalog, string? key) =>
        key is { Length: > 0 and < 200 } && key.StartsWith(Marker, StringComparison.Ordinal)
            ? catalog.FindApiKeyByHash(Hash(key))
            : null;

    public static void Revoke(VidganLibrary lib, long id)
    {
        if (!lib.Catalog.RevokeApiKey(id))
            throw new NotFoundException($"no live API key {id} in {lib.Root}");
    }

    static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
