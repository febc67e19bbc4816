namespace Vidgan.Jobs;

/// <summary>The queues jobs wait in, so that a machine takes only the work it suits: a job asking for a CUDA device
/// waits in <c>gpu</c>, every other in <c>cpu</c>.</summary>
public static class JobQueues
{
    public const string Cpu = "cpu";
    public const string Gpu = "gpu";
    public static readonly IReadOnlyList<string> All = [Cpu, Gpu];

    public static string For(JobRequest request) =>
        string.Equals(request.Device, "cuda", StringComparison.OrdinalIgnoreCase) ? Gpu : Cpu;

    /// <summary>A list such as <c>cpu,gpu</c>: each a known queue, at least one.</summary>
    public static IReadOnlyList<string> Parse(string list)
    {
        var names = list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Distinct()
            .ToList();
        if (names.Count == 0 || names.Any(n => !All.Contains(n)))
            throw new VidganException($"--queues must name some of {string.Join(", ", All)}, not '{list}'", 2);
        return names;
    }
}
