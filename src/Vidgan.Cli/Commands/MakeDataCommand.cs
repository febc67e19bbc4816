using System.CommandLine;
using Vidgan.Data;

namespace Vidgan.Cli.Commands;

public static class MakeDataCommand
{
    public static Command Create()
    {
        var command = new Command("make-data", "Make a procedural dataset of real video files");
        command.Add(Shapes());
        return command;
    }

    static Command Shapes()
    {
        var outDir = new Option<string>("--out") { Description = "Folder to write <class>_<n>.mp4 files into", Required = true };
        var perClass = new Option<int>("--per-class") { Description = "Videos per class", DefaultValueFactory = _ => 30 };
        var size = new Option<int>("--size") { Description = "Frame size in pixels (square)", DefaultValueFactory = _ => 64 };
        var frames = new Option<int>("--frames") { Description = "Frames per video", DefaultValueFactory = _ => 48 };
        var fps = new Option<double>("--fps") { Description = "Frame rate of the written videos", DefaultValueFactory = _ => 8 };
        var classes = new Option<int>("--classes") { Description = $"Number of shape classes (1-{ShapesDataset.AllClasses.Length}; 3 = circle, square, triangle)", DefaultValueFactory = _ => 3 };
        var seed = new Option<int>("--seed") { Description = "Random seed (same seed, same videos)", DefaultValueFactory = _ => 1 };
        var command = new Command("shapes", "Coloured shapes (circle, square, triangle, …) bouncing off the walls, one class per shape")
        {
            outDir, perClass, size, frames, fps, classes, seed,
        };
        command.SetAction(r =>
        {
            var options = new ShapesDataset.Options(r.GetValue(perClass), r.GetValue(size), r.GetValue(frames), r.GetValue(seed),
                r.GetValue(fps), r.GetValue(classes));
            string dir = r.GetValue(outDir)!;
            var files = ShapesDataset.Write(dir, options);
            Console.WriteLine($"wrote {files.Count} videos ({options.Classes} classes × {options.PerClass}, {options.Size}×{options.Size}, {options.Frames} frames) to {Path.GetFullPath(dir)}");
            return 0;
        });
        return command;
    }
}
