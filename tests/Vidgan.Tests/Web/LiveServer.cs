using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Vidgan.Web;

namespace Vidgan.Tests.Web;

/// <summary>The web service on a real socket (Kestrel on a free loopback port), for a real browser.</summary>
public sealed class LiveServer : IAsyncDisposable
{
    readonly WebApplication app;

    LiveServer(WebApplication app, string address)
    {
        this.app = app;
        Address = address;
    }

    public string Address { get; }

    public static async Task<LiveServer> Start(string library)
    {
        var app = VidganServer.Build(new ServeOptions { LibraryRoot = library, Urls = "http://127.0.0.1:0" });
        await app.StartAsync();
        string address = app
            .Services.GetRequiredService<IServer>()
            .Features.Get<IServerAddressesFeature>()!
            .Addresses.First();
        return new LiveServer(app, address.TrimEnd('/'));
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
