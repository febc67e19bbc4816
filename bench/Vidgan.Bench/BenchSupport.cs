using System.Diagnostics;
using System.Globalization;
using System.Text;
using TorchSharp;
using Vidgan.Training;
using static TorchSharp.torch;

namespace Vidgan.Bench;

/// <summary>Arguments (<c>--name value</c>), the repository root, process memory and a markdown report written to
/// bench/results/NAME.md with the command that produced it.</summary>
public sealed class BenchArgs
{
    readonly string command;
    readonly List<string> list;
    readonly HashSet<string> flags;

    /// <param name="flags">The flags this benchmark reads; <c>--out</c> is always allowed. Any other flag given is
    /// refused here, before the benchmark runs.</param>
    public BenchArgs(string command, string[] args, IEnumerable<string> flags)
    {
        this.command = command;
        list = args.ToList();
        this.flags = flags.Append("--out").ToHashSet(StringComparer.Ordinal);
        for (int i = 0; i < list.Count; i += 2)
        {
            if (!this.flags.Contains(list[i]))
                throw new BenchUsageException(
                    list[i].StartsWith("--", StringComparison.Ordinal)
                        ? $"'{command}' has no flag {list[i]} (its flags: "
                            + $"{string.Join(", ", this.flags.Order(StringComparer.Ordinal))})"
                        : $"'{list[i]}' is not a flag: give each as --name value"
                );
            if (i + 1 >= list.Count)
                throw new BenchUsageException($"{list[i]} needs a value");
        }
    }

    public T Get<T>(string name, T fallback)
    {
        if (!flags.Contains(name))
            throw new InvalidOperationException(
                $"'{command}' reads {name}, which its entry in Program.cs does not list"
            );
        int i = list.IndexOf(name);
        if (i < 0)
            return fallback;
        var type = Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T);
        try
        {
            return (T)Convert.ChangeType(list[i + 1], type, CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is FormatException or OverflowException)
        {
            string kind =
                type == typeof(int) || type == typeof(long) ? "a whole number"
                : type == typeof(double) ? "a number"
                : type.Name;
            throw new BenchUsageException($"{name} must be {kind}, not '{list[i + 1]}'");
        }
    }

    public Report Report(string title, string file) =>
        new(
            title,
            Get("--out", Path.Combine(Repo, "bench", "results", file)),
            $"dotnet run -c Release --project bench/Vidgan.Bench -- {command} {string.Join(' ', list)}".TrimEnd()
        );

    public static string Repo
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "Vidgan.sln")))
                    return dir.FullName;
            return Directory.GetCurrentDirectory();
        }
    }

    public static long Rss()
    {
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        return process.WorkingSet64;
    }

    public static long PeakRss()
    {
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        return process.PeakWorkingSet64;
    }
}

/// <summary>A benchmark's command line that cannot be run as given.</summary>
public sealed class BenchUsageException(string message) : Exception(message);

public sealed class Report(string title, string path, string commandLine)
{
    readonly StringBuilder text = new();

    public string FilePath => path;

    public Report Line(string line = "")
    {
        text.AppendLine(line);
        Console.WriteLine(line);
        return this;
    }

    public void Save()
    {
        var header = new StringBuilder();
        header.AppendLine($"# {title}").AppendLine();
        header.AppendLine($"Command: `{commandLine}`  ");
        header
            .AppendLine(
                $"Machine: {Environment.ProcessorCount} cores, TorchSharp {typeof(torch).Assembly.GetName().Version}, "
                    + $"{torch.get_num_threads()} torch threads, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC  "
            )
            .AppendLine($"CPU: {CpuKind()}  ")
            .AppendLine();
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, header.ToString() + text);
        Console.WriteLine($"written to {path}");
    }

    /// <summary>Model name, family and the vector units that decide libtorch's speed, from /proc/cpuinfo.</summary>
    static string CpuKind()
    {
        if (!File.Exists("/proc/cpuinfo"))
            return "unknown";
        var lines = File.ReadLines("/proc/cpuinfo").TakeWhile(l => l.Length > 0).ToList();
        string Field(string name) =>
            lines.FirstOrDefault(l => l.StartsWith(name, StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "?";
        var flags = Field("flags").Split(' ');
        var units = new[] { "avx2", "avx512f", "avx512_bf16", "amx_bf16" }.Where(flags.Contains);
        return $"{Field("model name")}, family {Field("cpu family")}, {string.Join(", ", units)}";
    }
}

/// <summary>A trainer observer that prints a line every few hundred steps.</summary>
public sealed class QuietObserver(string label) : ITrainingObserver
{
    public long LastStep { get; private set; }
    public double ClipsPerSecond { get; private set; }

    public void Started(TrainingStart start) =>
        Console.Error.WriteLine(
            $"{label}: {start.Clips} clips, G {start.GeneratorParameters / 1e6:0.00}M, D "
                + $"{start.DiscriminatorParameters / 1e6:0.00}M params"
        );

    public void Step(StepStats stats)
    {
        LastStep = stats.Step;
        ClipsPerSecond = stats.ClipsPerSecond;
        if (stats.Step % 200 == 0)
            Console.Error.WriteLine(
                $"{label}: step {stats.Step} {stats.ClipsPerSecond:0.0} clips/s, {stats.Elapsed:mm\\:ss}"
            );
    }

    public void Info(string message) => Console.Error.WriteLine($"{label}: {message}");

    public void CheckpointWritten(string path, long step) { }
}

public static class Matmul
{
    /// <summary>GFLOP/s of a square matrix product in the given type, the best of a few timed repeats.</summary>
    public static double Peak(ScalarType type, int n = 2048, int repeats = 5)
    {
        using var scope = torch.NewDisposeScope();
        var a = torch.randn(new long[] { n, n }).to(type);
        var b = torch.randn(new long[] { n, n }).to(type);
        a.mm(b);
        double best = double.MaxValue;
        for (int i = 0; i < repeats; i++)
        {
            var clock = Stopwatch.StartNew();
            using (a.mm(b)) { }
            best = Math.Min(best, clock.Elapsed.TotalSeconds);
        }
        return 2.0 * n * n * n / best / 1e9;
    }
}
