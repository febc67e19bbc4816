using Spectre.Console;
using Vidgan.Training;

namespace Vidgan.Cli;

/// <summary>Shows training progress: a live Spectre bar on a terminal, plain log lines when output is
/// redirected.</summary>
public static class TrainingProgress
{
    public static T Run<T>(Func<ITrainingObserver, T> train)
    {
        if (!AnsiConsole.Profile.Capabilities.Interactive || Console.IsOutputRedirected)
            return train(new PlainObserver());
        T result = default!;
        AnsiConsole
            .Progress()
            .AutoClear(false)
            .Columns(
                new TaskDescriptionColumn { Alignment = Justify.Left },
                new ProgressBarColumn(),
                new PercentageColumn(),
                new ElapsedTimeColumn(),
                new RemainingTimeColumn()
            )
            .Start(ctx =>
            {
                var task = ctx.AddTask("starting", maxValue: 1.0);
                result = train(new BarObserver(task));
                task.Value = task.MaxValue;
                task.StopTask();
            });
        return result;
    }

    static string Describe(StepStats s) =>
        $"step {s.Step}{(s.TargetStep is long t ? "/" + t : "")}  D {s.LossD:0.000}  G {s.LossG:0.000}  "
        + $"D(real) {s.DReal:0.00}  D(fake) {s.DFake:0.00}  {s.ClipsPerSecond:0.0} clips/s";

    static string Sizes(TrainingStart s) =>
        $"{s.Clips} training clips; generator {s.GeneratorParameters / 1e6:0.00}M parameters, "
        + $"discriminators {s.DiscriminatorParameters / 1e6:0.00}M";

    static void Announce(TrainingStart s) =>
        Console.WriteLine(
            Sizes(s)
                + "; "
                + (
                    s.TargetStep is long t
                        ? $"steps {s.Step} → {t}"
                        : $"for {s.Budget?.TotalMinutes:0.#} minutes from step {s.Step}"
                )
        );

    sealed class BarObserver(ProgressTask task) : ITrainingObserver
    {
        public void Started(TrainingStart start) => AnsiConsole.MarkupLine(Markup.Escape(Sizes(start)));

        public void Step(StepStats s)
        {
            task.Description = Markup.Escape(Describe(s));
            task.Value = s.Progress;
        }

        public void Info(string message) => AnsiConsole.MarkupLine(Markup.Escape(FlagNames.Translate(message)));

        public void CheckpointWritten(string path, long step) { }
    }

    /// <summary>m:ss, or h:mm:ss from an hour on (a bare mm:ss format drops the hours).</summary>
    internal static string FormatEta(TimeSpan t) =>
        t.TotalHours >= 1 ? $"{(int)t.TotalHours}:{t:mm\\:ss}" : $"{(int)t.TotalMinutes}:{t:ss}";

    sealed class PlainObserver : ITrainingObserver
    {
        DateTime lastLine = DateTime.MinValue;

        public void Started(TrainingStart start) => Announce(start);

        public void Step(StepStats s)
        {
            if (DateTime.UtcNow - lastLine < TimeSpan.FromSeconds(10) && s.Progress < 1)
                return;
            lastLine = DateTime.UtcNow;
            Console.WriteLine(
                $"{Describe(s)}  {s.Progress:P0}" + (s.Remaining is TimeSpan r ? $"  ETA {FormatEta(r)}" : "")
            );
        }

        public void Info(string message) => Console.WriteLine(FlagNames.Translate(message));

        public void CheckpointWritten(string path, long step) =>
            Console.WriteLine($"checkpoint {Path.GetFileName(path)}");
    }
}
