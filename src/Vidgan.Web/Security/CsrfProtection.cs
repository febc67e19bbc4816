using Microsoft.AspNetCore.Http;

namespace Vidgan.Web.Security;

/// <summary>A browser sends its session cookie with any request, even one another site starts, so every
/// state-changing request that does not carry a key of its own must also carry the header
/// <c>X-Vidgan-Csrf: 1</c> (a cross-site page cannot set it without a CORS preflight, which this server never
/// grants) and, when the browser names an Origin, come from this server's own. The cookie is SameSite=Strict as
/// well. Requests with a key in a header are not ambient, so they pass.</summary>
public sealed class CsrfProtection(RequestDelegate next)
{
    public const string Header = "X-Vidgan-Csrf";

    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        bool changes = !(
            HttpMethods.IsGet(request.Method)
            || HttpMethods.IsHead(request.Method)
            || HttpMethods.IsOptions(request.Method)
        );
        if (!changes || VidganAuthentication.PresentedKey(request) != null)
            return next(context);
        if (request.Headers[Header] != "1")
            return Api.Problems.Write(context, 403, $"missing the {Header} header (cross-site request refused)");
        string origin = request.Headers.Origin.ToString();
        if (
            origin.Length > 0
            && (
                !Uri.TryCreate(origin, UriKind.Absolute, out var o)
                || !string.Equals(o.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase)
            )
        )
            return Api.Problems.Write(context, 403, $"requests from {origin} are refused (cross-site request)");
        return next(context);
    }
}
