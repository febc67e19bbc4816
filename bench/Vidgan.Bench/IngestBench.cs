using System.Diagnostics;
using Vidgan.Data;
using Vidgan.Library;
using Vidgan.Media;

namespace Vidgan.Bench;

/// <summary>`vidgan ingest` (hash, probe, decode, split, frame cache, catalog) against plain `ffmpeg` decoding the same
/// files to the same frames, one process per file as a shell loop would, in one run.</summary>
public static class IngestBench
{
    public static void Run(BenchArgs a)
    {
        int perClass = a.Get("--per-class", 30);
        string work = Directory.CreateTempSubdirectory("vidgan-bench-ingest-").FullName;
        try
        {
            string data = Path.Combine(work, "shapes");
            var files = ShapesDataset.Write(data, new ShapesDataset.Options(perClass));
            var options = new IngestOptions(Size: 32, Frames: 16, Stride: 4);

            var clock = Stopwatch.StartNew();
            long frames = 0;
            foreach (string file in files)
            {
                var r = ProcessRunner.Run(
                    FFmpegTools.FFmpeg,
                    new[]
                    {
                        "-v",
                        "error",
                        "-nostdin",
                        "-i",
                        file,
                        "-vf",
                        options.Decode.FilterGraph(),
                        "-f",
                        "rawvideo",
                        "-pix_fmt",
                        "rgb24",
                        "pipe:1",
                    },
                    TimeSpan.FromMinutes(1)
                );
                if (r.ExitCode != 0)
                    throw new InvalidOperationException($"ffmpeg failed on {file}");
                frames += r.Stdout.Length / (32 * 32 * 3);
            }
            double plain = clock.Elapsed.TotalSeconds;

            clock.Restart();
            IngestReport first;
            using (var lib = VidganLibrary.Open(Path.Combine(work, "library"), create: true))
                first = new Ingestor(lib, options).Run(data);
            double ingest = clock.Elapsed.TotalSeconds;
            clock.Restart();
            IngestReport again;
            using (var lib = VidganLibrary.Open(Path.Combine(work, "library"), create: false))
                again = new Ingestor(lib, options).Run(data);
            double cached = clock.Elapsed.TotalSeconds;
            if (again.Decoded != 0)
                throw new InvalidOperationException("re-ingest decoded again");

            var report = a.Report("Ingest throughput", "ingest.md");
            report.Line(
                $"{files.Count} procedural MP4 videos (64×64, 48 frames at 8 fps), decoded to 32×32 at 8 fps "
                    + $"({frames} frames). "
                    + "`vidgan ingest` also hashes each file, probes it, cuts clips (stride 4), splits train/test, "
                    + "fills the frame cache "
                    + "and writes the catalog. Re-ingesting the same folder into the same library decodes nothing "
                    + "(frame cache hit)."
            );
            report.Line();
            report.Line("| what | seconds | videos/s | frames/s |");
            report.Line("| --- | --- | --- | --- |");
            report.Line(
                $"| plain `ffmpeg` decode, one process per file | {plain:0.00} | {files.Count / plain:0.0} | "
                    + $"{frames / plain:0} |"
            );
            report.Line(
                $"| `vidgan ingest`, new library | {ingest:0.00} | {files.Count / ingest:0.0} | {frames / ingest:0} |"
            );
            report.Line(
                $"| `vidgan ingest` again, same library | {cached:0.00} | {files.Count / cached:0.0} | "
                    + $"{frames / cached:0} |"
            );
            report.Line();
            report.Line(
                $"Ingest runs at **{plain / ingest:0.00}×** the speed of plain FFmpeg decoding "
                    + $"({first.Classes.Sum(c => c.TrainClips + c.TestClips)} clips); re-ingesting runs at "
                    + $"{plain / cached:0.0}×."
            );
            report.Save();
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }
}
