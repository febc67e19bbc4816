using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Vidgan.Library;
using Vidgan.Web.Security;

namespace Vidgan.Web.Api;

/// <summary>Curation of one asset: tags, keep/reject, removal (editors).</summary>
public static class CurationEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        var assets = api.MapGroup("/assets").WithTags("Curation").RequireAuthorization(Roles.Editor);
        assets
            .MapPost(
                "/{id:long}/tags",
                (long id, TagsRequest body, VidganLibrary lib) => Curation.AddTags(lib, id, body.Tags ?? [])
            )
            .WithSummary("Add tags");
        assets
            .MapDelete(
                "/{id:long}/tags/{tag}",
                (long id, string tag, VidganLibrary lib) => Curation.RemoveTag(lib, id, tag)
            )
            .WithSummary("Remove a tag");
        assets
            .MapPut(
                "/{id:long}/review",
                (long id, ReviewRequest body, VidganLibrary lib) => Curation.SetReview(lib, id, body.Review)
            )
            .WithSummary("Keep or reject (null clears)");
        assets
            .MapDelete("/{id:long}", (long id, VidganLibrary lib) => new RemoveResult(id, Curation.Remove(lib, id)))
            .WithSummary("Remove an asset (its file goes when no other asset uses the same bytes)");
    }
}
