using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Vidgan.Tests.Support;

namespace Vidgan.Tests.Cli;

/// <summary>`vidgan serve` and `vidgan token` as a user runs them.</summary>
[Trait(Suites.Name, Suites.Cli)]
public class ServeCliTests
{
    static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }

    [Fact]
    public async Task ServeAnswersOnItsAddressAndAsksForKeysOffLoopbackOnly()
    {
        using var temp = new TempDir();
        int port = FreePort();
        var psi = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = temp.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (string a in new[] { Path.Combine(AppContext.BaseDirectory, "Vidgan.Cli.dll"), "serve" })
            psi.ArgumentList.Add(a);
        foreach (string a in new[] { "--library", temp["lib"], "--urls", $"http://127.0.0.1:{port}" })
            psi.ArgumentList.Add(a);
        using var server = Process.Start(psi)!;
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            string? session = null;
            for (int i = 0; i < 600 && session == null; i++)
            {
                try
                {
                    session = await http.GetStringAsync("/api/v1/session");
                }
                catch (HttpRequestException)
                {
                    await Task.Delay(100);
                }
            }
            Assert.NotNull(session);
            Assert.Contains("\"keys_required\":false", session);
            Assert.Contains("\"role\":\"admin\"", session);
            Assert.Contains("<title>Vidgan</title>", await http.GetStringAsync("/"));
            Assert.True(File.Exists(temp["lib/catalog.db"]));

            // A second server on the same address: one line, exit 1.
            var clash = CliRunner.Run(
                temp.Path,
                "serve",
                "--library",
                temp["lib"],
                "--urls",
                $"http://127.0.0.1:{port}"
            );
            Assert.Equal(1, clash.ExitCode);
            Assert.StartsWith($"error: cannot listen on http://127.0.0.1:{port}", clash.Stderr);
        }
        finally
        {
            server.Kill(entireProcessTree: true);
        }
    }

    [Theory]
    [InlineData("http://127.0.0.1:99999", "'http://127.0.0.1:99999' has port 99999: use 0 to 65535")]
    [InlineData("garbage", "'garbage' is not an address to listen on: use http://HOST:PORT")]
    [InlineData("ftp://127.0.0.1:2121", "'ftp://127.0.0.1:2121' must start with http:// or https://")]
    public void AddressesThatCannotBeBoundAreRefusedBeforeTheServerStarts(string urls, string message)
    {
        using var temp = new TempDir();
        var refused = CliRunner.Run(temp.Path, "serve", "--library", temp["lib"], "--urls", urls);
        Assert.Equal(2, refused.ExitCode);
        Assert.Equal($"error: --urls: {message}", refused.Stderr.Trim());
        Assert.False(Directory.Exists(temp["lib"]));
    }

    [Fact]
    public void TokenCreatePrintsAKeyOnceAndTheListNeverShowsIt()
    {
        using var temp = new TempDir();
        var typo = CliRunner.Run(temp.Path, "token", "create", "--role", "editor", "--library", "lib");
        Assert.Equal(1, typo.ExitCode);
        Assert.Contains("no library at", typo.Stderr);
        Assert.False(Directory.Exists(temp["lib"]));
        CliSteps.Ok(CliRunner.Run(temp.Path, "library", "init", "--library", "lib"));
        var made = CliRunner.Run(temp.Path, "token", "create", "--role", "editor", "--name", "ci", "--library", "lib");
        CliSteps.Ok(made);
        string key = made.Stdout.Trim();
        Assert.Matches("^vgk_[0-9a-f]{64}$", key);
        var list = CliRunner.Run(temp.Path, "token", "list", "--library", "lib");
        CliSteps.Ok(list);
        Assert.Contains("editor", list.Stdout);
        Assert.DoesNotContain(key, list.Stdout);
        Assert.Contains(key[..10], list.Stdout);
        CliSteps.Ok(CliRunner.Run(temp.Path, "token", "revoke", "1", "--library", "lib"));
        var again = CliRunner.Run(temp.Path, "token", "revoke", "1", "--library", "lib");
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("no live API key 1", again.Stderr);
        var bad = CliRunner.Run(temp.Path, "token", "create", "--role", "god", "--library", "lib");
        Assert.Equal(2, bad.ExitCode);
    }
}
