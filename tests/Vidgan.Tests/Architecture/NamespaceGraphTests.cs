using System.Text.RegularExpressions;

namespace Vidgan.Tests.Architecture;

/// <summary>The core's rooms depend on each other one way: no namespace cycle (Vidgan.Training.Objectives counts as
/// Training).</summary>
public class NamespaceGraphTests
{
    static string Core
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir != null && !File.Exists(Path.Combine(dir.FullName, "Vidgan.sln")))
                dir = dir.Parent;
            return Path.Combine(dir?.FullName ?? throw new DirectoryNotFoundException("Vidgan.sln"), "src", "Vidgan");
        }
    }

    static string Room(string ns) => string.Join('.', ns.Split('.').Take(2));

    public static Dictionary<string, HashSet<string>> Graph()
    {
        var graph = new Dictionary<string, HashSet<string>>();
        foreach (var file in Directory.EnumerateFiles(Core, "*.cs", SearchOption.AllDirectories))
        {
            if (file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}"))
                continue;
            string text = File.ReadAllText(file);
            var ns = Regex.Match(text, @"^namespace (Vidgan[\w.]*);", RegexOptions.Multiline);
            if (!ns.Success)
                continue;
            string from = Room(ns.Groups[1].Value);
            var uses = Regex
                .Matches(text, @"(?:^using (?:static )?|[^\w.])(Vidgan\.[A-Z]\w*)", RegexOptions.Multiline)
                .Select(m => Room(m.Groups[1].Value))
                .Where(to => to != from && to != "Vidgan.VidganException");
            graph.TryAdd(from, new HashSet<string>());
            graph[from].UnionWith(uses);
        }
        return graph;
    }

    [Fact]
    public void CoreNamespacesFormNoCycle()
    {
        var graph = Graph();
        Assert.Contains("Vidgan.Runs", graph["Vidgan.Training"]);
        var done = new HashSet<string>();
        void Visit(string node, List<string> path)
        {
            int seen = path.IndexOf(node);
            Assert.True(seen < 0, "cycle: " + string.Join(" → ", path.Skip(seen).Append(node)));
            if (!done.Add(node))
                return;
            foreach (var next in graph.GetValueOrDefault(node) ?? new HashSet<string>())
                Visit(next, path.Append(node).ToList());
        }
        foreach (var node in graph.Keys)
            Visit(node, new List<string>());
    }
}
