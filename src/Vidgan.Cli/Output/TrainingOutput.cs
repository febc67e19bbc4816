using Vidgan.Training;

namespace Vidgan.Cli.Output;

/// <summary>Runs a prepared training run in the terminal, for `vidgan train` and the demo: prints setup's notes and
/// what is trained, draws progress, turns Ctrl-C into a clean stop, and prints where the results are.</summary>
public static class TrainingOutput
{
    /// <returns>The exit code: 0, or 130 when interrupted.</returns>
    public static int Run(
        Vidgan.Library.VidganLibrary library,
        PreparedRun prepared,
        TrainBudget budget,
        bool resume,
        TorchSharp.torch.Device device
    )
    {
        foreach (var note in prepared.Notes)
            if (note.Warning)
                Console.Error.WriteLine($"warning: {FlagNames.Translate(note.Text)}");
            else
                Console.WriteLine(FlagNames.Translate(note.Text));
        var (config, data, run) = (prepared.Config, prepared.Data, prepared.Run);
        Console.WriteLine(
            $"training {config.Model.Architecture} on {data.Count} clips "
                + $"({data.ClipSet.Size}×{data.ClipSet.Size}×{data.ClipSet.Frames}"
                + (
                    config.Model.Conditional
                        ? $", classes {string.Join(", ", config.Model.Classes)}"
                        : ", unconditional"
                )
                + $") on {device.type.ToString().ToLowerInvariant()}; run folder {run.Root}"
        );
        using var cancel = new CancellationTokenSource();
        int presses = 0;
        ConsoleCancelEventHandler handler = (_, e) =>
        {
            if (++presses > 1)
                return;
            e.Cancel = true;
            cancel.Cancel();
            Console.Error.WriteLine(
                "interrupt: finishing the step and saving a checkpoint (press Ctrl-C again to abort)"
            );
        };
        Console.CancelKeyPress += handler;
        try
        {
            var result = TrainingProgress.Run(observer =>
                TrainingSession.Run(library, prepared, budget, resume, device, observer, cancel.Token)
            );
            Console.WriteLine($"{(result.Interrupted ? "interrupted" : "finished")} at step {result.Step}");
            Console.WriteLine($"checkpoint: {result.CheckpointPath}");
            if (result.SampleGrid != null)
                Console.WriteLine($"samples:    {result.SampleGrid}\n            {result.SampleVideo}");
            Console.WriteLine($"tensorboard --logdir {run.TensorBoardDir}");
            return result.Interrupted ? 130 : 0;
        }
        finally
        {
            Console.CancelKeyPress -= handler;
        }
    }
}
