using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Vidgan.Library;
using Vidgan.Web.Security;

namespace Vidgan.Web.Api;

/// <summary>Collections: named sets of assets.</summary>
public static class CollectionEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        var collections = api.MapGroup("/collections").WithTags("Collections");
        collections.MapGet("/", (VidganLibrary lib) => lib.Catalog.Collections()).WithSummary("List collections");
        collections
            .MapGet("/{id:long}", (long id, VidganLibrary lib) => Curation.FindCollection(lib, id))
            .WithSummary("One collection (its assets: GET /api/v1/assets?collection=ID)");
        var edit = collections.MapGroup("").RequireAuthorization(Roles.Editor);
        edit.MapPost(
                "/",
                (CollectionRequest body, VidganLibrary lib) =>
                {
                    var c = Curation.CreateCollection(lib, body.Name, body.Description);
                    return Results.Created($"/api/v1/collections/{c.Id}", c);
                }
            )
            .WithSummary("Create a collection");
        edit.MapDelete(
                "/{id:long}",
                (long id, VidganLibrary lib) =>
                {
                    Curation.FindCollection(lib, id);
                    lib.Catalog.DeleteCollection(id);
                    return Results.NoContent();
                }
            )
            .WithSummary("Delete a collection (its assets stay in the library)");
        edit.MapPost(
                "/{id:long}/assets",
                (long id, AssetIdsRequest body, VidganLibrary lib) => Curation.AddToCollection(lib, id, body.Ids ?? [])
            )
            .WithSummary("Add assets to a collection");
        edit.MapDelete(
                "/{id:long}/assets/{assetId:long}",
                (long id, long assetId, VidganLibrary lib) =>
                {
                    Curation.FindCollection(lib, id);
                    lib.Catalog.RemoveFromCollection(id, assetId);
                    return Curation.FindCollection(lib, id);
                }
            )
            .WithSummary("Take an asset out of a collection");
    }
}
