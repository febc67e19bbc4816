using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Vidgan.Util;

namespace Vidgan.Web.Api;

/// <summary>Turns the core's errors thrown while handling a request into problem+json.</summary>
public sealed class ProblemMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (VidganException e)
        {
            await Problems.Write(context, Problems.StatusFor(e), Problems.Detail(e));
        }
        catch (BadHttpRequestException e) when (e.InnerException is JsonException json)
        {
            await Problems.Write(context, e.StatusCode, Problems.Detail(new VidganException(Json.Problem(json), 2)));
        }
        catch (BadHttpRequestException e)
        {
            await Problems.Write(context, e.StatusCode, e.Message);
        }
    }
}
