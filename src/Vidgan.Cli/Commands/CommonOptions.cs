using System.CommandLine;
using TorchSharp;
using Vidgan.Library;
using Vidgan.Runs;

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

    public static torch.Device ParseDevice(string name) => Devices.Parse(name);
}
