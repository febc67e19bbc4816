using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Vidgan.Media;

namespace Vidgan.Web.Api;

/// <summary>Errors as RFC 7807 problem+json whose <c>detail</c> is the core's one-line message (the CLI prints the
/// same line), with <c>setting 'x'</c> read as <c>parameter 'x'</c>.</summary>
public static partial class Problems
{
    public static Task Write(HttpContext context, int status, string detail)
    {
        if (context.Response.HasStarted)
            return Task.CompletedTask;
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(
            Of(status, detail),
            (System.Text.Json.JsonSerializerOptions?)null,
            "application/problem+json"
        );
    }

    public static ProblemDetails Of(int status, string detail) =>
        new()
        {
            Status = status,
            Title = ReasonPhrases.GetReasonPhrase(status),
            Detail = detail,
            Type = $"https://httpstatuses.io/{status}",
        };

    public static IResult Result(int status, string detail) => Results.Problem(Of(status, detail));

    /// <summary>The status an error from the core answers: 404 for an unknown id, 409 for a clash, 422 for a file
    /// that is not usable video, 400 for bad input.</summary>
    public static int StatusFor(VidganException e) =>
        e switch
        {
            NotFoundException => 404,
            ConflictException => 409,
            MediaException => 422,
            _ => 400,
        };

    public static string Detail(VidganException e) => Setting().Replace(e.Message.Split('\n')[0], "parameter '$1'");

    [GeneratedRegex(@"setting '([a-z0-9_.\[\]]+)'")]
    private static partial Regex Setting();
}
