using TorchSharp;
using TorchSharp.Modules;

namespace Vidgan.Training;

/// <summary>TensorBoard event files for a run: scalars every few steps and the sample grid images.</summary>
public sealed class TrainingLog(string directory)
{
    readonly SummaryWriter writer = torch.utils.tensorboard.SummaryWriter(directory, createRunName: false);
    bool imagesFailed;

    public void Scalar(string tag, double value, long step) => writer.add_scalar(tag, (float)value, (int)step);

    /// <summary>Adds a PNG to the event file. Image summaries go through a native image library that some
    /// machines lack; losing them must not stop training, so that failure is reported once and ignored.</summary>
    public string? Image(string tag, string pngPath, long step)
    {
        if (imagesFailed)
            return null;
        try
        {
            writer.add_img(tag, pngPath, (int)step);
            return null;
        }
        catch (Exception e)
            when (e is TypeInitializationException or DllNotFoundException or EntryPointNotFoundException)
        {
            imagesFailed = true;
            return "TensorBoard sample images are off: " + e.GetBaseException().Message.Split('\n')[0];
        }
    }
}
