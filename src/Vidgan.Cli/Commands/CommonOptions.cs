using System.CommandLine;
using TorchSharp;
using Vidgan.Library;

namespace Vidgan.Cli.Commands;

public static class CommonOptions
{
    public static Option<string?> Library() =>
        new("--library")
        {
            Description =
                $"Library folder (default: ${VidganLibrary.EnvironmentVariable}, else ./{VidganLibrary.DefaultFolder})",
        };

    public static Option<string> Device() =>
        new("--device") { Description = "Compute device: cpu or cuda", DefaultValueFactory = _ => "cpu" };

    public static torch.Device ParseDevice(string name)
    {
        switch (name.ToLowerInvariant())
        {
            case "cpu":
                return torch.CPU;
            case "cuda":
                if (!torch.cuda.is_available())
                    throw new VidganException(
                        "--device cuda: no CUDA device is available to this build of TorchSharp; use --device cpu",
                        2
                    );
                return torch.CUDA;
            default:
                throw new VidganException($"unknown --device '{name}': use cpu or cuda", 2);
        }
    }
}
