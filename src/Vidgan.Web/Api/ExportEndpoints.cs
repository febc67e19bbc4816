using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Vidgan.Library;

namespace Vidgan.Web.Api;

/// <summary>A selection exported as one streamed ZIP with manifest.json and manifest.csv.</summary>
public static class ExportEndpoints
{
    public const int MaxAssets = 10_000;

    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet(
                "/export.zip",
                (HttpContext http, VidganLibrary lib) =>
                {
                    var (filter, _) = AssetQuery.Read(http.Request.Query);
                    var assets = lib.Catalog.ListAssets(filter with { After = null, Limit = MaxAssets + 1 });
                    if (assets.Count > MaxAssets)
                        throw new VidganException($"an export holds at most {MaxAssets} assets: narrow the filters", 2);
                    return Results.Stream(
                        body =>
                        {
                            // ZipArchive writes synchronously; the body is streamed, never held in memory.
                            http.Features.Get<IHttpBodyControlFeature>()!.AllowSynchronousIO = true;
                            LibraryExporter.WriteZip(lib, assets, body);
                            return Task.CompletedTask;
                        },
                        "application/zip",
                        "vidgan-export.zip"
                    );
                }
            )
            .WithTags("Assets")
            .WithSummary("Export the assets a filter selects (as the list takes them, e.g. ids=1,2,3) as a ZIP");
    }
}
