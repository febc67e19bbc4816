using System.Globalization;
using Vidgan.Bench;

// Benchmarks, run on demand (not in CI). Each writes bench/results/<name>.md with the command that produced it.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
string command = args.Length > 0 && !args[0].StartsWith("--") ? args[0] : "training";
var rest = args.Length > 0 && !args[0].StartsWith("--") ? args[1..] : args;
var a = new BenchArgs(command, rest);
switch (command)
{
    case "training":
        TrainingBench.Run(a);
        break;
    case "generation":
        GenerationBench.Run(a);
        break;
    case "ingest":
        IngestBench.Run(a);
        break;
    case "models":
        ModelsBench.Run(a);
        break;
    case "moving-mnist":
        MovingMnistBench.Run(a);
        break;
    case "continuation":
        ContinuationBench.Run(a);
        break;
    case "profile":
        ProfileBench.Run(a);
        break;
    case "kernels":
        KernelsBench.Run(a);
        break;
    case "web":
        WebBench.Run(a);
        break;
    case "watermark":
        WatermarkBench.Run(a);
        break;
    case "encryption":
        EncryptionBench.Run(a);
        break;
    case "workers":
        WorkersBench.Run(a);
        break;
    case "real-footage":
        RealFootageBench.Run(a);
        break;
    case "conv-paths":
        ConvPathsBench.Run(a);
        break;
    case "judge":
        JudgeBench.Run(a);
        break;
    case "conv-check":
        ConvCheckBench.Run(a);
        break;
    case "frechet-sensitivity":
        FrechetSensitivityBench.Run(a);
        break;
    default:
        Console.Error.WriteLine(
            "usage: bench [training|generation|ingest|models|moving-mnist|continuation|profile|web|watermark|"
                + "encryption|workers|real-footage|conv-paths|judge|conv-check|frechet-sensitivity] "
                + "[--name value ...]"
        );
        return 2;
}
return 0;
