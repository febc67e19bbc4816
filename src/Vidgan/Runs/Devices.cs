using TorchSharp;

namespace Vidgan.Runs;

/// <summary>The compute device a setting names: cpu, or cuda where this build of TorchSharp has a CUDA
/// device.</summary>
public static class Devices
{
    public static torch.Device Parse(string name)
    {
        switch (name.ToLowerInvariant())
        {
            case "cpu":
                return torch.CPU;
            case "cuda":
                if (!torch.cuda.is_available())
                    throw new VidganException(
                        "setting 'device' cuda: no CUDA device is available to this build of TorchSharp; use cpu",
                        2
                    );
                return torch.CUDA;
            default:
                throw new VidganException($"unknown setting 'device' '{name}': use cpu or cuda", 2);
        }
    }
}
