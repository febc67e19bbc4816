using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Vidgan.Library;
using Vidgan.Web.Security;

namespace Vidgan.Web.Api;

/// <summary>Who the caller is, and whether this server asks for keys.</summary>
public sealed record SessionView(bool SignedIn, bool KeysRequired, string? Name, string? Role, string? Method);

/// <summary>A browser signs in once with a key and then holds an HttpOnly, SameSite=Strict session cookie.</summary>
public static class SessionEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        var session = api.MapGroup("/session").WithTags("Session").AllowAnonymous();
        session.MapGet("/", (HttpContext http, ServeOptions serve) => View(http.User, serve)).WithSummary("Who am I");
        session
            .MapPost(
                "/",
                async (SignInRequest body, HttpContext http, VidganLibrary lib, ServeOptions serve) =>
                {
                    var key = ApiKeys.Verify(lib.Catalog, body.Key);
                    if (key == null)
                        return Problems.Result(401, "the API key is wrong or revoked");
                    var principal = Roles.Principal(
                        key.Role,
                        "cookie",
                        key.Name,
                        key.Id,
                        VidganAuthentication.CookieScheme
                    );
                    await http.SignInAsync(VidganAuthentication.CookieScheme, principal);
                    return Results.Ok(View(principal, serve));
                }
            )
            .RequireRateLimiting(VidganServer.SignInLimiter)
            .WithSummary("Sign in with an API key (sets the session cookie)");
        session
            .MapDelete(
                "/",
                async (HttpContext http) =>
                {
                    await http.SignOutAsync(VidganAuthentication.CookieScheme);
                    return Results.NoContent();
                }
            )
            .WithSummary("Sign out");
    }

    static SessionView View(ClaimsPrincipal user, ServeOptions serve)
    {
        bool signedIn = user.Identity?.IsAuthenticated == true;
        string? role = signedIn
            ? Enum.GetValues<ApiKeyRole>().Select(Util.SettingNames.Name).LastOrDefault(user.IsInRole)
            : null;
        return new SessionView(
            signedIn,
            serve.RequireKeys,
            signedIn ? user.Identity!.Name : null,
            role,
            user.FindFirstValue(Roles.MethodClaim)
        );
    }
}
