using System.Diagnostics;
using System.Globalization;
using System.Text;
using TorchSharp;
using Vidgan.Models;
using Vidgan.Training;
using static TorchSharp.torch;

// Training throughput and memory benchmark. Synthetic batches (random clips) so that only the model is
// measured; RSS is sampled after every step. Results go to bench/results/training.md (or --out FILE).
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
var arguments = args.ToList();
int steps = Arg("--steps", 500);
int warmup = Arg("--warmup", 10);
string outFile = Arg("--out", Path.Combine(FindRepo(), "bench", "results", "training.md"));
var sizes = Arg("--sizes", "32,64").Split(',').Select(int.Parse).ToArray();

var report = new StringBuilder();
report.AppendLine("# Training throughput and memory");
report.AppendLine();
report.AppendLine($"Command: `dotnet run -c Release --project bench/Vidgan.Bench -- {string.Join(' ', args)}`  ");
report.AppendLine($"Machine: {Environment.ProcessorCount} cores, TorchSharp {typeof(torch).Assembly.GetName().Version}, {torch.get_num_threads()} torch threads, {DateTime.UtcNow:yyyy-MM-dd}  ");
string arch = Arg("--arch", "dcgan3d");
string precision = Arg("--precision", "fp32");
report.AppendLine($"Model: {arch} (defaults), 3 classes, batch 16, {steps} timed steps after {warmup} warm-up steps, {precision}, CPU.");
report.AppendLine();
report.AppendLine("RSS is the process's resident set; growth is measured from step 50 (when the allocator has settled) to the last step.");
report.AppendLine();
report.AppendLine("| clip | G params | D params | s/step | clips/s | RSS at step 50 | RSS at the end | peak RSS | growth |");
report.AppendLine("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
foreach (int size in sizes)
{
    var line = Measure(size);
    report.AppendLine(line);
    Console.WriteLine(line);
}
Directory.CreateDirectory(Path.GetDirectoryName(outFile)!);
File.WriteAllText(outFile, report.ToString());
Console.WriteLine($"written to {outFile}");
return 0;

string Measure(int size)
{
    // The defaults of `vidgan train` on labelled clips: hinge loss, spectral norm, auxiliary class loss.
    var config = new TrainConfig { Model = new ModelConfig { Architecture = arch, Size = size, Frames = 16, Classes = new[] { "a", "b", "c" }, AuxClassifierWeight = 1 }, Batch = 16 };
    using var models = new GanModels(config.Model, CPU);
    var optG = torch.optim.Adam(models.Generator.parameters(), 2e-4, 0.5, 0.999);
    var optD = torch.optim.Adam(models.VideoDiscriminator.parameters().Concat(models.ImageDiscriminator.parameters()), 2e-4, 0.5, 0.999);
    using var mixed = precision == "bf16" ? new MixedPrecision(models) : null;
    var gan = mixed is null ? new GanStep(models, new ParameterUpdate(optG), new ParameterUpdate(optD), config)
        : new GanStep(mixed.Working, mixed.GeneratorUpdate(optG), mixed.DiscriminatorUpdate(optD), config);
    var frameIndex = torch.tensor(new long[] { 0, 5, 10, 15 });
    void Step()
    {
        using var scope = torch.NewDisposeScope();
        var real = torch.rand(new long[] { config.Batch, 3, 16, size, size }).mul(2).sub(1);
        if (mixed != null) real = real.to(MixedPrecision.WorkingType);
        gan.Run(real, torch.randint(0, 3, new long[] { config.Batch }), frameIndex);
        mixed?.SyncBuffers();
    }
    for (int i = 0; i < warmup; i++) Step();
    GC.Collect();
    long rssStart = 0, peak = Rss();
    var clock = Stopwatch.StartNew();
    for (int i = 0; i < steps; i++)
    {
        Step();
        models.UpdateEma(0.999);
        if (i % 100 == 99) GC.Collect();
        peak = Math.Max(peak, Rss());
        if (i == Math.Min(49, steps - 1)) rssStart = Rss();
        if (i % 50 == 49) Console.Error.WriteLine($"{size}px step {i + 1}/{steps} {clock.Elapsed.TotalSeconds / (i + 1):0.000} s/step rss {Rss() / 1e6:0} MB");
    }
    double perStep = clock.Elapsed.TotalSeconds / steps;
    long rssEnd = Rss();
    return $"| 3×16×{size}×{size} | {models.ParameterCount(models.Generator) / 1e6:0.00}M | " +
           $"{(models.ParameterCount(models.VideoDiscriminator) + models.ParameterCount(models.ImageDiscriminator)) / 1e6:0.00}M | " +
           $"{perStep:0.000} | {16 / perStep:0.0} | {rssStart / 1e6:0} MB | {rssEnd / 1e6:0} MB | {peak / 1e6:0} MB | {(rssEnd - rssStart) / 1e6:+0;-0;0} MB |";
}

static long Rss()
{
    using var process = Process.GetCurrentProcess();
    return process.WorkingSet64;
}

T Arg<T>(string name, T fallback)
{
    int i = arguments.IndexOf(name);
    if (i < 0 || i + 1 >= arguments.Count) return fallback;
    return (T)Convert.ChangeType(arguments[i + 1], typeof(T), CultureInfo.InvariantCulture);
}

static string FindRepo()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        if (File.Exists(Path.Combine(dir.FullName, "Vidgan.sln"))) return dir.FullName;
    return Directory.GetCurrentDirectory();
}

