using Vidgan.Tests.Support;

namespace Vidgan.Tests.Web;

/// <summary>A small real library made once per test class with the CLI: shapes of two classes ingested at 16×16×8,
/// a tiny model trained a few steps, and six generated clips. Tests that change a library work on a copy
/// (<see cref="Copy"/>).</summary>
public sealed class WebLibrary : IDisposable
{
    public WebLibrary()
    {
        CliSteps.MakeShapes(Temp.Path, perClass: 3, classes: 2, frames: 16);
        CliSteps.Ok(Run("ingest", "data", "--size", "16", "--frames", "8", "--test-fraction", "0.3"));
        CliSteps.Ok(
            CliRunner.Run(
                Temp.Path,
                ["train", "--library", Temp["library"], "--run", "runs/tiny", "--steps", "6", "--size", "16"],
                [.. CliSteps.TinyModel, "--sample-every", "3", "--checkpoint-every", "3"]
            )
        );
        CliSteps.Ok(Run("generate", "--run", "runs/tiny", "--count", "6"));
    }

    public TempDir Temp { get; } = new();
    public string Library => Temp["library"];
    public string RunDir => Temp["runs/tiny"];

    CliResult Run(params string[] args) => CliRunner.Run(Temp.Path, [.. args, "--library", Temp["library"]]);

    /// <summary>A copy of the library folder in <paramref name="into"/> (the run folder is shared).</summary>
    public string Copy(TempDir into)
    {
        string target = into["library"];
        foreach (string file in Directory.EnumerateFiles(Library, "*", SearchOption.AllDirectories))
        {
            string dest = Path.Combine(target, Path.GetRelativePath(Library, file));
            Directory.CreateDirectory(Path.GetDirectoryName(dest)!);
            File.Copy(file, dest);
        }
        return target;
    }

    public void Dispose() => Temp.Dispose();
}
