namespace Vidgan.Tests.Support;

/// <summary>A library and a run written by Vidgan 750ed9a (tests/…/Fixtures/main-750ed9a): a small real library with
/// a trained run, for commands that need one without training it first.</summary>
public static class OldRelease
{
    static string Fixture => Path.Combine(AppContext.BaseDirectory, "Fixtures", "main-750ed9a");

    /// <summary>Copies the fixture into <paramref name="to"/>: its "library" and "run" folders.</summary>
    public static void CopyTo(string to)
    {
        foreach (var file in Directory.EnumerateFiles(Fixture, "*", SearchOption.AllDirectories))
        {
            string target = Path.Combine(to, Path.GetRelativePath(Fixture, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    /// <summary><c>vidgan generate</c> from the fixture's run into its library, <paramref name="count"/> clips written
    /// to <paramref name="outDir"/>.</summary>
    public static string[] Generate(int count, string outDir) =>
        ["generate", "--library", "library", "--run", "run", "--count", $"{count}", "--out", outDir];
}
