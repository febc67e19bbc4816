using System.CommandLine;
using System.Runtime.InteropServices;
using TorchSharp;
using Vidgan.Jobs;
using Vidgan.Library;
using Vidgan.Web.Jobs;

namespace Vidgan.Cli.Commands;

/// <summary><c>vidgan worker</c>: runs the library's jobs on this machine.</summary>
public static class WorkerCommand
{
    public static Command Create()
    {
        var library = CommonOptions.Library();
        var queues = new Option<string?>("--queues")
        {
            Description = "Queues to take jobs from: cpu, gpu or cpu,gpu (default: cpu, and gpu where CUDA is here)",
        };
        var concurrency = new Option<int>("--concurrency")
        {
            Description = "Jobs run at once (training uses every core, so one by default)",
            DefaultValueFactory = _ => 1,
        };
        var command = new Command(
            "worker",
            "Run the library's background jobs on this machine (the catalog must be in PostgreSQL)"
        )
        {
            library,
            queues,
            concurrency,
        };
        command.SetAction(r =>
        {
            var names =
                r.GetValue(queues) is string list ? JobQueues.Parse(list)
                : torch.cuda.is_available() ? JobQueues.All
                : [JobQueues.Cpu];
            using var stop = new CancellationTokenSource();
            using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
            using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
            JobWorker.Run(
                VidganLibrary.ResolvePath(r.GetValue(library)),
                names,
                r.GetValue(concurrency),
                Console.WriteLine,
                stop.Token
            );
            return 0;

            void Stop(PosixSignalContext context)
            {
                context.Cancel = true;
                stop.Cancel();
            }
        });
        return command;
    }
}
