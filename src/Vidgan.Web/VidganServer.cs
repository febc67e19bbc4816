using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading.RateLimiting;
using Hangfire;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Scalar.AspNetCore;
using Vidgan.Jobs;
using Vidgan.Library;
using Vidgan.Web.Api;
using Vidgan.Web.Gallery;
using Vidgan.Web.Jobs;
using Vidgan.Web.Security;
using LogProvider = Hangfire.Logging.LogProvider;

namespace Vidgan.Web;

/// <summary>The web service of <c>vidgan serve</c>: the REST API under <c>/api/v1</c> (OpenAPI at
/// <c>/openapi/v1.json</c>, reference at <c>/scalar/v1</c>), the gallery, and Hangfire running the library's
/// jobs. Every rule is the core's; this only binds HTTP to it.</summary>
public static class VidganServer
{
    public const string UploadLimiter = "upload";
    public const string SignInLimiter = "sign-in";

    /// <param name="configure">Extra setup before the app is built (tests swap in a test server).</param>
    public static WebApplication Build(ServeOptions options, Action<WebApplicationBuilder>? configure = null)
    {
        LibraryCipher? cipher;
        using (var lib = VidganLibrary.Open(options.LibraryRoot, create: true, key: options.Key))
            cipher = lib.Cipher;
        options = options with { Unlocked = cipher };
        var builder = WebApplication.CreateBuilder(
            new WebApplicationOptions { ApplicationName = "Vidgan.Web", ContentRootPath = options.LibraryRoot }
        );
        builder.WebHost.UseUrls(options.Urls.Split(';', StringSplitOptions.RemoveEmptyEntries));
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = options.MaxUploadBytes + (1 << 20));
        builder.Logging.ClearProviders().AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning);
        // The data-protection keys (session cookies) live in the library folder, protected as the folder is.
        builder.Logging.AddFilter("Microsoft.AspNetCore.DataProtection", LogLevel.Error);
        AddServices(builder.Services, options);
        configure?.Invoke(builder);

        var app = builder.Build();
        app.UseMiddleware<ProblemMiddleware>();
        app.UseStatusCodePages(ApiStatusPages);
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseMiddleware<CsrfProtection>();
        app.UseAuthorization();

        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        app.MapScalarApiReference(o => o.WithTitle("Vidgan API")).AllowAnonymous();
        var api = app.MapGroup("/api/v1").RequireAuthorization(Roles.Viewer);
        SessionEndpoints.Map(api);
        AssetEndpoints.Map(api);
        CurationEndpoints.Map(api);
        CollectionEndpoints.Map(api);
        ExportEndpoints.Map(api);
        RunEndpoints.Map(api);
        UploadEndpoints.Map(api);
        JobEndpoints.Map(api);
        KeyEndpoints.Map(api);
        GalleryFiles.Map(app);

        if (options.RunJobs)
            app.Lifetime.ApplicationStarted.Register(() =>
            {
                using var lib = VidganLibrary.Open(options.LibraryRoot, create: false, unlocked: options.Unlocked);
                var dispatcher = app.Services.GetRequiredService<JobDispatcher>();
                dispatcher.Recover(lib);
                var sweep = new StaleJobSweep(options.LibraryRoot, dispatcher, options.Unlocked);
                app.Lifetime.ApplicationStopping.Register(sweep.Dispose);
            });
        return app;
    }

    static void AddServices(IServiceCollection services, ServeOptions options)
    {
        services.AddSingleton(options);
        services.AddScoped(_ =>
            VidganLibrary.Open(options.LibraryRoot, create: false, pooled: true, unlocked: options.Unlocked)
        );
        services.ConfigureHttpJsonOptions(o => Configure(o.SerializerOptions));
        services.AddProblemDetails();
        // A body that does not bind reaches ProblemMiddleware as an exception naming the bad value; otherwise the
        // endpoint answers a bare 400 that the status pages could only call an unknown route.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddOpenApi(o =>
            o.AddDocumentTransformer(
                (doc, _, _) =>
                {
                    doc.Info.Title = "Vidgan API";
                    doc.Info.Description =
                        "The video asset library: assets, curation, collections, runs, uploads and jobs.";
                    return Task.CompletedTask;
                }
            )
        );
        services
            .AddAuthentication(VidganAuthentication.SchemeName)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, VidganAuthentication>(
                VidganAuthentication.SchemeName,
                null
            )
            .AddCookie(
                VidganAuthentication.CookieScheme,
                c =>
                {
                    c.Cookie.Name = VidganAuthentication.CookieName;
                    c.Cookie.HttpOnly = true;
                    c.Cookie.SameSite = SameSiteMode.Strict;
                    c.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                    c.ExpireTimeSpan = TimeSpan.FromDays(30);
                    c.SlidingExpiration = true;
                    c.Events.OnRedirectToLogin = e => Problems.Write(e.HttpContext, 401, "sign in with an API key");
                    c.Events.OnRedirectToAccessDenied = e => Problems.Write(e.HttpContext, 403, "not allowed");
                }
            );
        services
            .AddAuthorizationBuilder()
            .AddPolicy(Roles.Viewer, p => p.RequireRole(Roles.Viewer))
            .AddPolicy(Roles.Editor, p => p.RequireRole(Roles.Editor))
            .AddPolicy(Roles.Admin, p => p.RequireRole(Roles.Admin));
        services
            .AddDataProtection()
            .SetApplicationName("vidgan")
            .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(options.LibraryRoot, ".web-keys")));
        services.AddRateLimiter(r =>
        {
            r.RejectionStatusCode = 429;
            r.OnRejected = (c, _) =>
                new ValueTask(Problems.Write(c.HttpContext, 429, "too many requests: wait a minute and try again"));
            r.AddPolicy(UploadLimiter, c => PerClient(c, 60));
            r.AddPolicy(SignInLimiter, c => PerClient(c, 10));
        });

        LogProvider.SetCurrentLogProvider(HangfireLog.Instance);
        services.AddSingleton(HangfireStorage.For(options.LibraryRoot));
        services.AddHangfire(c => HangfireStorage.Configure(c));
        if (options.RunsJobsHere)
            services.AddHangfireServer(s =>
            {
                s.WorkerCount = options.JobWorkers;
                s.ServerName = HangfireJob.Worker;
                s.Queues = [.. JobQueues.All];
                s.ShutdownTimeout = JobRunner.StopGrace;
            });
        services.Configure<HostOptions>(h => h.ShutdownTimeout = JobRunner.StopGrace + TimeSpan.FromSeconds(15));
        services.AddSingleton<JobDispatcher>();
    }

    /// <summary>The API's JSON: the same names as the CLI's <c>--json</c> and config.json (snake_case properties,
    /// kebab-case enum values).</summary>
    public static void Configure(JsonSerializerOptions o)
    {
        o.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        o.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        o.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower));
    }

    static RateLimitPartition<string> PerClient(HttpContext c, int perMinute) =>
        RateLimitPartition.GetFixedWindowLimiter(
            c.Connection.RemoteIpAddress?.ToString() ?? "unknown",
            _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1) }
        );

    /// <summary>An API route that does not exist answers problem+json like every other API error.</summary>
    static Task ApiStatusPages(StatusCodeContext context)
    {
        var http = context.HttpContext;
        return http.Request.Path.StartsWithSegments("/api") && http.Response.ContentLength is null or 0
            ? Problems.Write(
                http,
                http.Response.StatusCode,
                http.Response.StatusCode switch
                {
                    405 => $"{http.Request.Method} is not allowed on {http.Request.Path}",
                    415 => $"{http.Request.Method} {http.Request.Path} does not take a body of type "
                        + $"'{http.Request.ContentType ?? "none"}'",
                    _ => $"no such API route: {http.Request.Method} {http.Request.Path}",
                }
            )
            : Task.CompletedTask;
    }
}
