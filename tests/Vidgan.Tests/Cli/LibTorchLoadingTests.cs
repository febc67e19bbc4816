using Vidgan.Tests.Support;

namespace Vidgan.Tests.Cli;

/// <summary>Commands that make no tensor start without loading libtorch, the largest part of a short command's start.
/// glibc's loader names every library a process initialises when LD_DEBUG=files is set.</summary>
[Trait(Suites.Name, Suites.Cli)]
public class LibTorchLoadingTests
{
    static readonly Dictionary<string, string> LoaderLog = new() { ["LD_DEBUG"] = "files" };

    static bool Initialised(CliResult r, string library) =>
        r.Stderr.Split('\n').Any(line => line.Contains("calling init:") && line.Contains(library));

    [Fact]
    public void HelpAndListingLoadNoLibTorchWhileGeneratingDoes()
    {
        using var temp = new TempDir();
        OldRelease.CopyTo(temp.Path);
        var help = CliRunner.Run(temp.Path, LoaderLog, "train", "--help");
        var list = CliRunner.Run(temp.Path, LoaderLog, "library", "list", "--library", "library");
        var generate = CliRunner.Run(temp.Path, LoaderLog, OldRelease.Generate(1, "new"));
        foreach (var r in new[] { help, list, generate })
            Assert.True(r.ExitCode == 0, r.ToString());
        Assert.True(Initialised(list, "libe_sqlite3.so"), "the loader's log was not captured");
        Assert.False(Initialised(help, "libtorch_cpu.so"));
        Assert.False(Initialised(list, "libtorch_cpu.so"));
        Assert.True(Initialised(generate, "libtorch_cpu.so"));
    }
}
