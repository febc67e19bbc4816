using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Net.Http.Headers;
using Vidgan.Library;

namespace Vidgan.Web.Api;

/// <summary>Assets: the filtered, sorted, paged list; one asset with its provenance; its file (with range requests,
/// for seeking), its poster and its animated preview.</summary>
public static class AssetEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        var assets = api.MapGroup("/assets").WithTags("Assets");
        assets
            .MapGet(
                "/",
                (HttpRequest request, VidganLibrary lib) =>
                {
                    var (filter, size) = AssetQuery.Read(request.Query);
                    return lib.Catalog.PageAssets(filter, size);
                }
            )
            .WithSummary("List assets")
            .WithDescription(
                "Filters: source (real|generated), class, split (train|test), tag, min_score, run (id), q (text in "
                    + "name or tag), review (kept|rejected), collection (id), ids (comma list); sort (id|name|score|"
                    + "created); limit (1-500, default 60); cursor (next_cursor of the previous page)."
            );
        assets
            .MapGet("/{id:long}", (long id, VidganLibrary lib) => Provenance.For(lib, id))
            .WithSummary("One asset with its provenance (run, checkpoint, clip set, source videos, nearest clip)");
        assets
            .MapGet(
                "/{id:long}/file",
                (long id, VidganLibrary lib, HttpContext http) =>
                {
                    var a = Curation.Find(lib, id);
                    string path = lib.Blobs.PathFor(a.Sha256);
                    return lib.Blobs.IsEncrypted(a.Sha256)
                        ? Send(http, path, () => lib.Blobs.OpenRead(a.Sha256), ContentType(a.Format), a.Sha256)
                        : Send(http, path, ContentType(a.Format), a.Sha256);
                }
            )
            .WithSummary("The asset's file; supports Range requests, ETag and If-None-Match");
        assets
            .MapGet(
                "/{id:long}/poster",
                (long id, VidganLibrary lib, HttpContext http) =>
                    Derived(http, lib, id, lib.Previews.Poster, "image/jpeg", "-p")
            )
            .WithSummary("A JPEG poster (the middle frame, 256 px), made once and kept");
        assets
            .MapGet(
                "/{id:long}/preview",
                (long id, VidganLibrary lib, HttpContext http) =>
                    Derived(http, lib, id, lib.Previews.Preview, "video/mp4", "-v")
            )
            .WithSummary("A short H.264 preview (256 px) that plays on hover, made once and kept");
    }

    /// <summary>A file made from the asset's (poster, preview); its ETag is the asset's hash and a suffix.</summary>
    static IResult Derived(
        HttpContext http,
        VidganLibrary lib,
        long id,
        Func<Asset, Func<PlainFile>, string> make,
        string contentType,
        string suffix
    )
    {
        var a = Curation.Find(lib, id);
        string path = make(a, () => lib.Blobs.Plain(a.Sha256));
        return LibraryCipher.IsEncrypted(path)
            ? Send(http, path, () => lib.Previews.OpenRead(path), contentType, a.Sha256 + suffix)
            : Send(http, path, contentType, a.Sha256 + suffix);
    }

    /// <summary>Files are stored by content hash, so the hash is a strong ETag and the bytes of an id never
    /// change.</summary>
    internal static IResult Send(HttpContext http, string path, string contentType, string tag)
    {
        if (!File.Exists(path))
            throw new NotFoundException("the file of this asset is missing from the library");
        http.Response.Headers.CacheControl = "private, max-age=86400";
        return Results.File(
            path,
            contentType,
            lastModified: File.GetLastWriteTimeUtc(path),
            entityTag: new EntityTagHeaderValue($"\"{tag}\""),
            enableRangeProcessing: true
        );
    }

    /// <summary>An encrypted file, decrypted as it is sent; ranges decrypt only the chunks they touch.</summary>
    static IResult Send(HttpContext http, string path, Func<Stream> open, string contentType, string tag)
    {
        if (!File.Exists(path))
            throw new NotFoundException("the file of this asset is missing from the library");
        http.Response.Headers.CacheControl = "private, max-age=86400";
        return Results.Stream(
            open(),
            contentType,
            lastModified: File.GetLastWriteTimeUtc(path),
            entityTag: new EntityTagHeaderValue($"\"{tag}\""),
            enableRangeProcessing: true
        );
    }

    internal static string ContentType(string format) =>
        format switch
        {
            "mp4" => "video/mp4",
            "webm" => "video/webm",
            "gif" => "image/gif",
            "png" => "image/png",
            "mkv" => "video/x-matroska",
            "mov" => "video/quicktime",
            _ => "application/octet-stream",
        };
}
