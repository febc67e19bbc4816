using System.Security.Claims;
using Vidgan.Library;

namespace Vidgan.Web.Security;

/// <summary>The authorization policies, one per role; a key's principal holds its role and every role below
/// it.</summary>
public static class Roles
{
    public const string Viewer = "viewer";
    public const string Editor = "editor";
    public const string Admin = "admin";

    /// <summary>How the request was authenticated: key (a header), cookie (a signed-in browser) or local (loopback
    /// without keys).</summary>
    public const string MethodClaim = "vidgan:auth";
    public const string KeyIdClaim = "vidgan:key";

    public static ClaimsPrincipal Principal(ApiKeyRole role, string method, string name, long? keyId, string scheme)
    {
        var claims = new List<Claim> { new(ClaimTypes.Name, name), new(MethodClaim, method) };
        if (keyId is long id)
            claims.Add(new Claim(KeyIdClaim, id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        foreach (var r in Enum.GetValues<ApiKeyRole>().Where(r => r <= role))
            claims.Add(new Claim(ClaimTypes.Role, Util.SettingNames.Name(r)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme));
    }
}
