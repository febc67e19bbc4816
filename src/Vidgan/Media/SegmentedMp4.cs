using System.Globalization;

namespace Vidgan.Media;

/// <summary>Encodes many MP4 clips of one shape as one H.264 stream with an IDR frame where each clip starts, which
/// FFmpeg's segment muxer cuts into one file per clip. FFmpeg sets up an input, a filter graph and an x264 encoder
/// for each clip it is given separately, which cost more than encoding small clips itself.</summary>
static class SegmentedMp4
{
    /// <summary>What the clips of one stream share: everything FFmpeg is told once for all of them.</summary>
    public sealed record Shape(
        int Width,
        int Height,
        int Frames,
        double Fps,
        string? Comment,
        bool Synthetic,
        bool Fast,
        string Folder
    );

    public static Shape ShapeOf(VideoEncoder.Job job) =>
        new(
            job.Clip.Width,
            job.Clip.Height,
            job.Clip.Frames,
            job.Clip.Fps > 0 ? job.Clip.Fps : 8,
            job.Comment,
            job.Synthetic,
            job.Fast,
            Path.GetDirectoryName(Path.GetFullPath(job.OutputPath))!
        );

    /// <summary>Writes every job's file (all of one <see cref="Shape"/>), each appearing by rename when all are
    /// done.</summary>
    public static void Encode(VideoEncoder.Job[] jobs, string tempDir)
    {
        var shape = ShapeOf(jobs[0]);
        string raw = Path.Combine(tempDir, "clips.rgb");
        using (var file = File.Create(raw))
            foreach (var job in jobs)
                file.Write(job.Clip.Rgb);
        Directory.CreateDirectory(shape.Folder);
        string stem = $".vidgan-{Guid.NewGuid():N}-";
        string Part(int k) => Path.Combine(shape.Folder, $"{stem}{k}.part");
        try
        {
            var args = new List<string>
            {
                "-v",
                "error",
                "-nostdin",
                "-y",
                "-f",
                "rawvideo",
                "-pix_fmt",
                "rgb24",
                "-s",
                $"{shape.Width}x{shape.Height}",
                "-r",
                shape.Fps.ToString("0.###", CultureInfo.InvariantCulture),
                "-i",
                raw,
            };
            if (shape.Comment != null)
                args.AddRange(["-metadata", "comment=" + shape.Comment]);
            if (shape.Synthetic)
                args.AddRange(DigitalSourceType.FFmpegOptions(VideoFormat.Mp4));
            args.AddRange(["-map", "0:v", .. VideoEncoder.H264Options(jobs[0])]);
            args.AddRange([
                "-force_key_frames",
                $"expr:eq(mod(n,{shape.Frames}),0)",
                "-forced-idr",
                "1",
                "-f",
                "segment",
                "-segment_format",
                "mp4",
                "-segment_format_options",
                "movflags=" + VideoEncoder.Mp4Flags(jobs[0]),
                "-segment_frames",
                string.Join(',', Enumerable.Range(1, Math.Max(1, jobs.Length - 1)).Select(k => k * shape.Frames)),
                "-reset_timestamps",
                "1",
                // Else the first clip alone would start at the encoder's B-frame delay instead of at 0.
                "-avoid_negative_ts",
                "disabled",
                // The muxer fills in the number; a % of the folder's own name must not be read as one.
                Path.Combine(shape.Folder.Replace("%", "%%"), stem + "%d.part"),
            ]);
            VideoEncoder.RunFFmpeg(args, jobs);
            for (int k = 0; k < jobs.Length; k++)
                if (!File.Exists(Part(k)))
                    throw new VidganException(
                        $"encoding failed: FFmpeg cut {k} of {jobs.Length} clips from the stream"
                    );
            for (int k = 0; k < jobs.Length; k++)
                File.Move(Part(k), Path.GetFullPath(jobs[k].OutputPath), overwrite: true);
        }
        finally
        {
            for (int k = 0; k < jobs.Length; k++)
                if (File.Exists(Part(k)))
                    File.Delete(Part(k));
        }
    }
}
