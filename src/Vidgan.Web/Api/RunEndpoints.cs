using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Vidgan.Jobs;
using Vidgan.Library;
using Vidgan.Runs;

namespace Vidgan.Web.Api;

/// <summary>A run in a list.</summary>
public sealed record RunSummary(long Id, string Name, string Model, long Steps, string CreatedAt, string UpdatedAt);

/// <summary>Training runs: their settings, checkpoints, loss curves, last evaluation and sample grids.</summary>
public static class RunEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        var runs = api.MapGroup("/runs").WithTags("Runs");
        runs.MapGet(
                "/",
                (VidganLibrary lib) =>
                    lib
                        .Catalog.Runs()
                        .Select(r => new RunSummary(
                            r.Id,
                            Path.GetFileName(r.RunDir.TrimEnd('/')),
                            r.Model,
                            r.Steps,
                            r.CreatedAt,
                            r.UpdatedAt
                        ))
                        .ToList()
            )
            .WithSummary("List training runs");
        runs.MapGet("/{id:long}", (long id, VidganLibrary lib) => RunOverview.Read(lib, JobExecution.FindRun(lib, id)))
            .WithSummary("One run: config, checkpoints, losses, evaluation (evaluate's JSON) and sample files");
        runs.MapGet(
                "/{id:long}/samples/{file}",
                (long id, string file, VidganLibrary lib, HttpContext http) =>
                {
                    var dir = new RunDirectory(JobExecution.FindRun(lib, id).RunDir);
                    // Only names the folder lists are served: a request can never reach another path.
                    if (!RunOverview.SampleFiles(dir).Contains(file))
                        throw new NotFoundException($"run {id} has no sample file '{file}'");
                    return AssetEndpoints.Send(
                        http,
                        Path.Combine(dir.SampleDir, file),
                        file.EndsWith(".png") ? "image/png" : "video/mp4",
                        $"{id}-{file}-{File.GetLastWriteTimeUtc(Path.Combine(dir.SampleDir, file)).Ticks}"
                    );
                }
            )
            .WithSummary("A sample grid of the run (PNG or MP4)");
    }
}
