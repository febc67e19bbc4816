using System.CommandLine;
using Microsoft.Extensions.Hosting;
using Vidgan.Library;
using Vidgan.Web;

namespace Vidgan.Cli.Commands;

/// <summary><c>vidgan serve</c>: the library's web gallery, REST API and job runner.</summary>
public static class ServeCommand
{
    public static Command Create()
    {
        var library = CommonOptions.Library();
        var urls = new Option<string>("--urls")
        {
            Description = "Addresses to listen on, ';'-separated (any address but loopback requires API keys)",
            DefaultValueFactory = _ => ServeOptions.DefaultUrls,
        };
        var maxUpload = new Option<int>("--max-upload-mb")
        {
            Description = "Largest upload accepted, in MB",
            DefaultValueFactory = _ => 512,
        };
        var workers = new Option<int>("--workers")
        {
            Description = "Jobs run at once (training uses every core); 0 leaves them to 'vidgan worker' processes",
            DefaultValueFactory = _ => 1,
        };
        var requireKeys = new Option<bool>("--require-keys") { Description = "Ask for API keys on loopback too" };
        var command = new Command("serve", "Serve the library: web gallery, REST API (/api/v1) and background jobs")
        {
            library,
            urls,
            maxUpload,
            workers,
            requireKeys,
        };
        command.SetAction(r =>
        {
            if (r.GetValue(maxUpload) < 1 || r.GetValue(workers) < 0)
                throw new VidganException("--max-upload-mb must be at least 1 and --workers at least 0", 2);
            var options = new ServeOptions
            {
                LibraryRoot = VidganLibrary.ResolvePath(r.GetValue(library)),
                Urls = r.GetValue(urls)!,
                MaxUploadBytes = (long)r.GetValue(maxUpload) << 20,
                JobWorkers = r.GetValue(workers),
                ForceKeys = r.GetValue(requireKeys),
            };
            return Serve(options);
        });
        return command;
    }

    static int Serve(ServeOptions options)
    {
        options.CheckUrls();
        WebApplicationHandle app;
        try
        {
            app = new WebApplicationHandle(VidganServer.Build(options));
            app.Start();
        }
        catch (IOException e)
        {
            throw new VidganException($"cannot listen on {options.Urls}: {e.Message.Split('\n')[0]}");
        }
        string first = options.Urls.Split(';')[0].TrimEnd('/');
        Console.WriteLine($"serving {options.LibraryRoot}");
        Console.WriteLine($"gallery:       {first}/");
        Console.WriteLine($"API reference: {first}/scalar/v1   (OpenAPI: {first}/openapi/v1.json)");
        if (options.RequireKeys)
            Console.WriteLine(
                "API keys are required: make one with 'vidgan token create --role admin' and sign in with it"
            );
        Console.WriteLine("Ctrl-C stops the server (a running job stops at a safe point and resumes on restart)");
        app.WaitForShutdown();
        return 0;
    }

    /// <summary>Keeps the CLI free of hosting types beyond start and wait.</summary>
    sealed class WebApplicationHandle(Microsoft.AspNetCore.Builder.WebApplication app)
    {
        public void Start() => app.StartAsync().GetAwaiter().GetResult();

        public void WaitForShutdown()
        {
            app.WaitForShutdownAsync().GetAwaiter().GetResult();
            app.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }
}
