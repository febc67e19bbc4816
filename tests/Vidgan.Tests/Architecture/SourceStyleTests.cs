namespace Vidgan.Tests.Architecture;

/// <summary>The house's line limit, which no formatter enforces on its own (CSharpier cannot break a string).</summary>
public class SourceStyleTests
{
    [Fact]
    public void NoSourceLineIsLongerThan120Characters()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root != null && !File.Exists(Path.Combine(root.FullName, "Vidgan.sln")))
            root = root.Parent;
        Assert.NotNull(root);
        var sep = Path.DirectorySeparatorChar;
        var longLines = new[] { "src", "tests", "bench", "build" }
            .SelectMany(d =>
                Directory.EnumerateFiles(Path.Combine(root.FullName, d), "*.cs", SearchOption.AllDirectories)
            )
            .Where(f => !f.Contains($"{sep}obj{sep}") && !f.Contains($"{sep}bin{sep}"))
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (File: f, Line: i + 1, line.Length)))
            .Where(l => l.Length > 120)
            .Select(l => $"{Path.GetRelativePath(root.FullName, l.File)}:{l.Line} ({l.Length})")
            .ToList();
        Assert.True(longLines.Count == 0, string.Join("\n", longLines));
    }
}
