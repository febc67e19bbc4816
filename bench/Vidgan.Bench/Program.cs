using System.Globalization;
using Vidgan.Bench;

// Benchmarks, run on demand (not in CI). Each writes bench/results/<name>.md with the command that produced it.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
string command = args.Length > 0 && !args[0].StartsWith("--") ? args[0] : "training";
var rest = args.Length > 0 && !args[0].StartsWith("--") ? args[1..] : args;

// Each benchmark and the flags it reads (besides --out, which every report takes): a flag it does not read is refused
// before anything runs, so that a misspelt one cannot leave its default in force under a report that names it.
var benchmarks = new Dictionary<string, (Action<BenchArgs> Run, string[] Flags)>
{
    ["training"] = (TrainingBench.Run, ["--archs", "--file", "--precisions", "--sizes", "--steps", "--warmup"]),
    ["generation"] = (GenerationBench.Run, ["--arch", "--batches", "--count", "--file", "--precisions", "--size"]),
    ["ingest"] = (IngestBench.Run, ["--per-class"]),
    ["models"] = (ModelsBench.Run, ["--minutes", "--models", "--precision", "--seed", "--work"]),
    ["moving-mnist"] = (MovingMnistBench.Run, ["--count", "--minutes", "--precision"]),
    ["continuation"] = (ContinuationBench.Run, ["--archs", "--context", "--minutes", "--precision", "--work"]),
    ["profile"] = (
        ProfileBench.Run,
        [
            "--arch",
            "--d-kernel",
            "--d-width",
            "--file",
            "--image-frames",
            "--precision",
            "--size",
            "--steps",
            "--video-downsample",
        ]
    ),
    ["kernels"] = (KernelsBench.Run, ["--arch", "--file", "--r1-every", "--rounds", "--size", "--video-downsample"]),
    ["web"] = (WebBench.Run, ["--assets", "--connections", "--file", "--posters", "--seconds"]),
    ["watermark"] = (WatermarkBench.Run, ["--clips", "--unmarked"]),
    ["encryption"] = (EncryptionBench.Run, ["--frames", "--per-class", "--repeats", "--size"]),
    ["workers"] = (WorkersBench.Run, ["--count", "--size", "--steps", "--workers"]),
    ["real-footage"] = (
        RealFootageBench.Run,
        ["--arch", "--augment", "--cache", "--minutes", "--name", "--precision", "--set", "--size", "--work"]
    ),
    ["conv-paths"] = (ConvPathsBench.Run, ["--file", "--rounds"]),
    ["discriminator-paths"] = (DiscriminatorPathsBench.Run, ["--file", "--rounds"]),
    ["judge"] = (JudgeBench.Run, ["--batch", "--file", "--library", "--recipes", "--seeds", "--size", "--steps"]),
    ["object-motion"] = (ObjectMotionBench.Run, ["--file", "--library", "--runs", "--samples"]),
    ["conv-check"] = (ConvCheckBench.Run, ["--file", "--rounds"]),
    ["frechet-sensitivity"] = (
        FrechetSensitivityBench.Run,
        ["--background-levels", "--file", "--library", "--runs", "--samples", "--size"]
    ),
};
if (!benchmarks.TryGetValue(command, out var benchmark))
{
    Console.Error.WriteLine($"usage: bench [{string.Join('|', benchmarks.Keys)}] [--name value ...]");
    return 2;
}
try
{
    benchmark.Run(new BenchArgs(command, rest, benchmark.Flags));
}
catch (BenchUsageException e)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return 2;
}
return 0;
