using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Vidgan.Web;

namespace Vidgan.Tests.Web;

/// <summary>The web service in this process on ASP.NET Core's test server (no socket), with a client whose
/// state-changing requests carry the CSRF header as the gallery's do.</summary>
public sealed class TestService : IAsyncDisposable
{
    public static readonly JsonSerializerOptions JsonOptions = Options();

    TestService(WebApplication app)
    {
        App = app;
        Client = app.GetTestClient();
    }

    public WebApplication App { get; }
    public HttpClient Client { get; }

    public static async Task<TestService> Start(ServeOptions options)
    {
        var app = VidganServer.Build(options, b => b.WebHost.UseTestServer());
        await app.StartAsync();
        return new TestService(app);
    }

    public static Task<TestService> Start(string library, bool runJobs = false) =>
        Start(new ServeOptions { LibraryRoot = library, RunJobs = runJobs });

    /// <summary>A client with this key in its Authorization header, or none.</summary>
    public HttpClient ClientWith(string? key)
    {
        var client = App.GetTestClient();
        if (key != null)
            client.DefaultRequestHeaders.Authorization = new("Bearer", key);
        return client;
    }

    public static HttpRequestMessage Request(HttpMethod method, string url, object? body = null)
    {
        var request = new HttpRequestMessage(method, url);
        request.Headers.Add("X-Vidgan-Csrf", "1");
        if (body != null)
            request.Content = JsonContent.Create(body, options: JsonOptions);
        return request;
    }

    public Task<HttpResponseMessage> Send(HttpMethod method, string url, object? body = null) =>
        Client.SendAsync(Request(method, url, body));

    public async Task<JsonElement> Json(string url)
    {
        var response = await Client.GetAsync(url);
        string text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{url}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement;
    }

    public static async Task<JsonElement> Body(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    /// <summary>Asserts a problem+json answer with this status whose detail contains <paramref name="text"/>.</summary>
    public static async Task Problem(HttpResponseMessage response, int status, string text)
    {
        string body = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"expected {status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(text, JsonDocument.Parse(body).RootElement.GetProperty("detail").GetString());
    }

    static JsonSerializerOptions Options()
    {
        var o = new JsonSerializerOptions();
        VidganServer.Configure(o);
        return o;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
