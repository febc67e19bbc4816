using TorchSharp;
using TorchSharp.Modules;

namespace Vidgan.Training;

/// <summary>TensorBoard event files for a run (scalars every few steps and the sample grid images), and the losses as
/// CSV for readers without TensorBoard (the web gallery's loss curves).</summary>
public sealed class TrainingLog(string directory, string lossesCsv)
{
    readonly SummaryWriter writer = torch.utils.tensorboard.SummaryWriter(directory, createRunName: false);
    bool imagesFailed;

    public void Losses(long step, double lossD, double lossG, double dReal, double dFake, double clipsPerSecond)
    {
        if (!File.Exists(lossesCsv))
            File.WriteAllText(lossesCsv, "step,loss_d,loss_g,d_real,d_fake,clips_per_second\n");
        File.AppendAllText(
            lossesCsv,
            FormattableString.Invariant($"{step},{lossD:G6},{lossG:G6},{dReal:G6},{dFake:G6},{clipsPerSecond:G4}\n")
        );
    }

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
