using System.Diagnostics;

namespace Vidgan.Tests.Support;

public sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit {ExitCode}\nstdout:\n{Stdout}\nstderr:\n{Stderr}";
}

/// <summary>Runs the real <c>vidgan</c> program (the CLI build beside the tests) as a separate process.</summary>
public static class CliRunner
{
    static string CliDll => Path.Combine(AppContext.BaseDirectory, "Vidgan.Cli.dll");

    public static CliResult Run(string workingDirectory, params string[] args) =>
        Run(workingDirectory, environment: null, args);

    /// <summary>One command given in two parts (a long argument list reads better split).</summary>
    public static CliResult Run(string workingDirectory, string[] first, string[] rest) =>
        Run(workingDirectory, environment: null, [.. first, .. rest]);

    static ProcessStartInfo StartInfo(
        string workingDirectory,
        IReadOnlyDictionary<string, string>? environment,
        string[] args
    )
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(CliDll);
        foreach (var a in args)
            psi.ArgumentList.Add(a);
        psi.Environment.Remove("VIDGAN_LIBRARY");
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            psi.Environment[name] = value;
        return psi;
    }

    /// <summary>Starts <c>vidgan</c> and kills it and its children with SIGKILL after <paramref name="after"/>,
    /// unless it ended first. Returns whether it was killed.</summary>
    public static bool RunAndKill(string workingDirectory, TimeSpan after, params string[] args)
    {
        using var p = Process.Start(StartInfo(workingDirectory, null, args))!;
        _ = p.StandardOutput.ReadToEndAsync();
        _ = p.StandardError.ReadToEndAsync();
        if (p.WaitForExit(after))
            return false;
        p.Kill(entireProcessTree: true);
        p.WaitForExit();
        return true;
    }

    /// <param name="environment">Variables set for the child process only (e.g. which libtorch kernels it
    /// uses).</param>
    public static CliResult Run(
        string workingDirectory,
        IReadOnlyDictionary<string, string>? environment,
        params string[] args
    ) => Run(workingDirectory, environment, TimeSpan.FromMinutes(3), args);

    /// <param name="hangLimit">How long before the command counts as hung and is killed: a guard against hangs, not
    /// a speed requirement.</param>
    public static CliResult Run(
        string workingDirectory,
        IReadOnlyDictionary<string, string>? environment,
        TimeSpan hangLimit,
        params string[] args
    )
    {
        using var p = Process.Start(StartInfo(workingDirectory, environment, args))!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(hangLimit))
        {
            p.Kill(true);
            throw new TimeoutException("vidgan " + string.Join(' ', args));
        }
        return new CliResult(p.ExitCode, stdout.Result, stderr.Result);
    }
}
