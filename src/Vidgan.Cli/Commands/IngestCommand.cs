using System.CommandLine;
using Spectre.Console;
using Vidgan.Cli.Output;
using Vidgan.Data;
using Vidgan.Library;
using Vidgan.Media;

namespace Vidgan.Cli.Commands;

public static class IngestCommand
{
    public static Command Create()
    {
        var dir = new Argument<string>("DIR") { Description = "Folder of videos (scanned recursively)" };
        var library = CommonOptions.Library();
        var labelFrom = new Option<string>("--label-from")
        {
            Description = "Class from the file prefix (a_1.mp4 → a), the parent folder, or none",
            DefaultValueFactory = _ => "prefix",
        };
        labelFrom.AcceptOnlyFromAmong("prefix", "folder", "none");
        var size = new Option<int>("--size")
        {
            Description = "Clip frame size in pixels (square)",
            DefaultValueFactory = _ => 32,
        };
        var frames = new Option<int>("--frames")
        {
            Description = "Frames per training clip",
            DefaultValueFactory = _ => 16,
        };
        var fps = new Option<double>("--fps")
        {
            Description = "Frame rate the videos are resampled to",
            DefaultValueFactory = _ => 8,
        };
        var stride = new Option<int?>("--stride")
        {
            Description = "Frames between the starts of consecutive clips (default: --frames)",
        };
        var fit = new Option<string>("--fit")
        {
            Description = "Make frames square by centre crop or letterbox",
            DefaultValueFactory = _ => "crop",
        };
        fit.AcceptOnlyFromAmong("crop", "letterbox");
        var testFraction = new Option<double>("--test-fraction")
        {
            Description = "Share of source videos held out for testing",
            DefaultValueFactory = _ => 0.2,
        };
        var command = new Command("ingest", "Add a folder of videos to the library and cut them into training clips")
        {
            dir,
            library,
            labelFrom,
            size,
            frames,
            fps,
            stride,
            fit,
            testFraction,
        };
        command.SetAction(r =>
        {
            var options = new IngestOptions(
                Labels.Parse(r.GetValue(labelFrom)!),
                r.GetValue(size),
                r.GetValue(frames),
                r.GetValue(fps),
                r.GetValue(fit) == "letterbox" ? FrameFit.Letterbox : FrameFit.Crop,
                r.GetValue(stride),
                r.GetValue(testFraction)
            );
            options.Validate();
            string folder = r.GetValue(dir)!;
            if (!Directory.Exists(folder))
                throw new VidganException(
                    File.Exists(folder)
                        ? $"{folder} is a file; ingest takes a folder of videos"
                        : $"folder {folder} does not exist"
                );
            using var lib = VidganLibrary.Open(r.GetValue(library), create: true);
            var report = new Ingestor(lib, options).Run(folder, message => Console.WriteLine(message));
            Print(report, lib);
            return report.Classes.Count == 0 ? 1 : 0;
        });
        return command;
    }

    static void Print(IngestReport report, VidganLibrary lib)
    {
        var table = new Table().AddColumns("class", "videos", "train clips", "test clips");
        foreach (var c in report.Classes)
            table.AddRow(Markup.Escape(c.Class), c.Videos.ToString(), c.TrainClips.ToString(), c.TestClips.ToString());
        if (report.Classes.Count > 0)
            AnsiConsole.Write(table);
        foreach (var s in report.Skipped)
            Console.WriteLine(OneLine.Of($"skipped {s.Path}: {FlagNames.Translate(s.Reason)}"));
        foreach (string gap in report.SplitGaps)
            Console.Error.WriteLine($"warning: {OneLine.Of(FlagNames.Translate(gap))}");
        Console.WriteLine(
            $"ingested into {lib.Root}: {report.Added} new videos, {report.AlreadyPresent} already in the library, "
                + $"{report.Decoded} decoded, {report.FromCache} from cache, {report.Skipped.Count} skipped; "
                + $"clips {report.ClipSet.Size}×{report.ClipSet.Size}×{report.ClipSet.Frames} at "
                + $"{report.ClipSet.Fps:0.####} fps"
        );
        if (report.Classes.Count == 0)
            Console.Error.WriteLine("error: no usable videos were found");
    }
}
