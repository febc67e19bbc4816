using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;

namespace Vidgan.Web.Gallery;

/// <summary>The gallery: static files built into this assembly (no CDN, nothing to install), and its page routes,
/// which all load <c>index.html</c> and render in the browser from the API.</summary>
public static class GalleryFiles
{
    static readonly string[] Pages =
    [
        "/",
        "/assets/{id}",
        "/compare",
        "/runs",
        "/runs/{id}",
        "/jobs",
        "/generate",
        "/collections",
        "/upload",
    ];

    public static void Map(WebApplication app)
    {
        var files = new ManifestEmbeddedFileProvider(typeof(GalleryFiles).Assembly, "wwwroot");
        app.UseStaticFiles(
            new StaticFileOptions
            {
                FileProvider = files,
                RequestPath = "/static",
                ContentTypeProvider = new FileExtensionContentTypeProvider(),
                OnPrepareResponse = c => c.Context.Response.Headers.CacheControl = "no-cache",
            }
        );
        foreach (string page in Pages)
            app.MapGet(
                    page,
                    (HttpContext http) =>
                    {
                        http.Response.Headers.CacheControl = "no-cache";
                        return Results.Stream(
                            files.GetFileInfo("index.html").CreateReadStream(),
                            "text/html; charset=utf-8"
                        );
                    }
                )
                .ExcludeFromDescription()
                .AllowAnonymous();
    }
}
