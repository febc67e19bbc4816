using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using Vidgan.Data;
using Vidgan.Library;
using Vidgan.Web.Security;

namespace Vidgan.Web.Api;

/// <summary>Uploads: multipart clips streamed to disk inside the library, probed, and kept in its inbox for an
/// ingest job. Over the size limit: 413; not a video: 422 with the reason, and nothing kept.</summary>
public static class UploadEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        var uploads = api.MapGroup("/uploads").WithTags("Uploads");
        uploads.MapGet("/", (VidganLibrary lib) => Inbox.Files(lib)).WithSummary("Files waiting in the inbox");
        uploads
            .MapPost("/", Upload)
            .RequireAuthorization(Roles.Editor)
            .RequireRateLimiting(VidganServer.UploadLimiter)
            .DisableAntiforgery()
            .Accepts<IFormFile>("multipart/form-data")
            .WithSummary("Upload clips (multipart/form-data, one or more files); then POST an ingest job");
    }

    static async Task<IResult> Upload(HttpContext http, VidganLibrary lib, ServeOptions serve)
    {
        long limit = serve.MaxUploadBytes;
        if (http.Request.ContentLength > limit)
            return TooLarge(limit);
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
            size.MaxRequestBodySize = limit + (1 << 20);
        var type = MediaTypeHeaderValue.TryParse(http.Request.ContentType, out var t) ? t : null;
        string? boundary = type != null ? HeaderUtilities.RemoveQuotes(type.Boundary).Value : null;
        if (type?.MediaType.Value != "multipart/form-data" || string.IsNullOrEmpty(boundary))
            return Problems.Result(400, "an upload is multipart/form-data with one or more files");
        var reader = new MultipartReader(boundary, http.Request.Body);
        var accepted = new List<InboxFile>();
        long total = 0;
        var aborted = http.RequestAborted;
        while (await FromClient(() => reader.ReadNextSectionAsync(aborted), aborted) is { } section)
        {
            if (
                !ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                || !disposition.IsFileDisposition()
            )
                continue;
            string name = disposition.FileName.Value ?? disposition.FileNameStar.Value ?? "upload";
            string temp = Inbox.TempFile(lib);
            try
            {
                await using (var file = File.Create(temp))
                {
                    var buffer = new byte[1 << 16];
                    int n;
                    while ((n = await FromClient(() => section.Body.ReadAsync(buffer, aborted).AsTask(), aborted)) > 0)
                    {
                        total += n;
                        if (total > limit)
                            return TooLarge(limit);
                        await file.WriteAsync(buffer.AsMemory(0, n), http.RequestAborted);
                    }
                }
                accepted.Add(Inbox.Accept(lib, temp, name));
            }
            finally
            {
                if (File.Exists(temp))
                    File.Delete(temp);
            }
        }
        return accepted.Count == 0 ? Problems.Result(400, "the upload held no files") : Results.Ok(accepted);
    }

    /// <summary>A read of the multipart body: one that ends early or does not parse is the client's error (400), not
    /// the server's. Kestrel's own refusals (a body over its size limit: 413) keep their status.</summary>
    static async Task<T> FromClient<T>(Func<Task<T>> read, CancellationToken aborted)
    {
        try
        {
            return await read();
        }
        catch (Exception e)
            when (e is InvalidDataException or (IOException and not BadHttpRequestException)
                && !aborted.IsCancellationRequested
            )
        {
            throw new VidganException("the upload's multipart body is cut short or malformed", 2);
        }
    }

    static IResult TooLarge(long limit) =>
        Problems.Result(413, $"the upload is larger than the limit of {limit / (1 << 20)} MB");
}
