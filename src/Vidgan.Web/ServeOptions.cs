using System.Net;
using Microsoft.AspNetCore.Http;

namespace Vidgan.Web;

/// <summary>How <c>vidgan serve</c> runs: which library, on which addresses, with which limits.</summary>
public sealed record ServeOptions
{
    public const string DefaultUrls = "http://127.0.0.1:8080";

    public required string LibraryRoot { get; init; }

    /// <summary>The key of an encrypted library (else <c>VIDGAN_LIBRARY_KEY_FILE</c> or
    /// <c>VIDGAN_LIBRARY_PASSPHRASE</c>); it is unlocked once at start.</summary>
    public Library.LibraryKey? Key { get; init; }

    /// <summary>The encrypted library's cipher once unlocked at start.</summary>
    internal Library.LibraryCipher? Unlocked { get; init; }
    public string Urls { get; init; } = DefaultUrls;

    /// <summary>Largest upload accepted, in bytes.</summary>
    public long MaxUploadBytes { get; init; } = 512L << 20;

    /// <summary>Jobs run at once by this server (training uses every core, so one by default); 0 leaves them to
    /// <c>vidgan worker</c> processes.</summary>
    public int JobWorkers { get; init; } = 1;

    public bool RunsJobsHere => RunJobs && JobWorkers > 0;

    /// <summary>Run background jobs in this process (tests of the API alone turn it off).</summary>
    public bool RunJobs { get; init; } = true;

    /// <summary>Keys are required unless every address is loopback; <c>--require-keys</c> asks for them there
    /// too.</summary>
    public bool ForceKeys { get; init; }

    public bool RequireKeys => ForceKeys || !AllLoopback(Urls);

    /// <summary>Refuses an address Kestrel could not bind, before the host starts and fails with a stack trace:
    /// each one must read as scheme://host:port with a port from 0 to 65535.</summary>
    public void CheckUrls()
    {
        var urls = Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (urls.Length == 0)
            throw new VidganException("--urls names no address: use http://HOST:PORT, several separated by ';'", 2);
        foreach (string url in urls)
        {
            BindingAddress address;
            try
            {
                address = BindingAddress.Parse(url);
            }
            catch (FormatException)
            {
                throw new VidganException($"--urls: '{url}' is not an address to listen on: use http://HOST:PORT", 2);
            }
            if (address.Scheme is not ("http" or "https"))
                throw new VidganException($"--urls: '{url}' must start with http:// or https://", 2);
            if (!address.IsUnixPipe && address.Port is < 0 or > IPEndPoint.MaxPort)
                throw new VidganException($"--urls: '{url}' has port {address.Port}: use 0 to {IPEndPoint.MaxPort}", 2);
        }
    }

    public static bool AllLoopback(string urls) =>
        urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .All(u =>
                Uri.TryCreate(u, UriKind.Absolute, out var uri)
                && (
                    uri.IsLoopback
                    || uri.Host == "localhost"
                    || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip))
                )
            );
}
