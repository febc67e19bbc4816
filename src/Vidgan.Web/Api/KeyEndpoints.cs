using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Vidgan.Library;
using Vidgan.Web.Security;

namespace Vidgan.Web.Api;

/// <summary>A key just made: the only time its text is shown.</summary>
public sealed record CreatedKey(ApiKeyRecord Record, string Key);

/// <summary>API keys (admins): list, create (shown once), revoke.</summary>
public static class KeyEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        var keys = api.MapGroup("/keys").WithTags("Keys").RequireAuthorization(Roles.Admin);
        keys.MapGet("/", (VidganLibrary lib) => lib.Catalog.ApiKeys()).WithSummary("List keys (never their text)");
        keys.MapPost(
                "/",
                (KeyRequest body, VidganLibrary lib) =>
                {
                    var made = ApiKeys.Create(lib, body.Role, body.Name);
                    return Results.Created($"/api/v1/keys/{made.Record.Id}", new CreatedKey(made.Record, made.Key));
                }
            )
            .WithSummary("Create a key; its text is in this response only");
        keys.MapDelete(
                "/{id:long}",
                (long id, VidganLibrary lib) =>
                {
                    ApiKeys.Revoke(lib, id);
                    return Results.NoContent();
                }
            )
            .WithSummary("Revoke a key");
    }
}
