using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Vidgan.Library;

namespace Vidgan.Web.Security;

/// <summary>Who is asking: a key in <c>Authorization: Bearer</c> or <c>X-Api-Key</c>; else a browser's session cookie
/// (signed in once with a key, and only while that key is not revoked); else, on a loopback-only server without keys,
/// the local user as admin. Failures answer 401 (no or wrong key) and 403 (role too low) as problem+json.</summary>
public sealed class VidganAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ServeOptions serve,
    VidganLibrary library
) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Vidgan";
    public const string CookieScheme = CookieAuthenticationDefaults.AuthenticationScheme;
    public const string CookieName = "vidgan_session";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (PresentedKey(Request) is string key)
        {
            var record = ApiKeys.Verify(library.Catalog, key);
            return record == null
                ? AuthenticateResult.Fail("the API key is wrong or revoked")
                : Success(Roles.Principal(record.Role, "key", record.Name, record.Id, SchemeName));
        }
        var cookie = await Context.AuthenticateAsync(CookieScheme);
        if (cookie.Succeeded && cookie.Principal is { } signedIn)
        {
            string? id = signedIn.FindFirstValue(Roles.KeyIdClaim);
            bool live = id == null || (long.TryParse(id, out long keyId) && library.Catalog.IsApiKeyLive(keyId));
            if (live)
                return Success(new ClaimsPrincipal(new ClaimsIdentity(signedIn.Claims, SchemeName)));
            return AuthenticateResult.Fail("the key this browser signed in with has been revoked");
        }
        return serve.RequireKeys
            ? AuthenticateResult.NoResult()
            : Success(Roles.Principal(ApiKeyRole.Admin, "local", "local user", null, SchemeName));
    }

    static AuthenticateResult Success(ClaimsPrincipal principal) =>
        AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));

    public static string? PresentedKey(Microsoft.AspNetCore.Http.HttpRequest request)
    {
        string auth = request.Headers.Authorization.ToString();
        if (auth.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return auth["Bearer ".Length..].Trim();
        return request.Headers.TryGetValue("X-Api-Key", out var k) && k.Count > 0 ? k.ToString().Trim() : null;
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        Api.Problems.Write(Context, 401, "an API key is required: send 'Authorization: Bearer KEY' or sign in");

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        Api.Problems.Write(Context, 403, "this key's role may not do that");
}
