using System.Globalization;

namespace Vidgan.Media;

/// <summary>Writes clips as browser-playable MP4 (H.264, yuv420p), palette GIF, WebM (VP9) or PNG stills.
/// All clips of one call share FFmpeg processes; every file appears atomically (temp name, then rename).</summary>
public static class VideoEncoder
{
    /// <summary>What one FFmpeg process encodes at most, in pixels (128 clips of 64×64×16): each open encoder holds a
    /// few MB, while every process start costs about as much as encoding ten such clips.</summary>
    const long PixelsPerProcess = 128L * 64 * 64 * 16;

    /// <param name="Comment">Written into the container's comment tag where the format has one (not GIF or
    /// PNG).</param>
    /// <param name="Synthetic">Label the file as made by a trained model in its plain metadata
    /// (<see cref="DigitalSourceType"/>).</param>
    /// <param name="Fast">For MP4, x264's veryfast preset instead of medium at the same quality, and clips of one
    /// shape, labels and folder cut from one H.264 stream (<see cref="SegmentedMp4"/>): for the many small clips of a
    /// generation, where each is about 1.4× and 3× faster with files no larger
    /// (bench/results/generation-64-zen5-nearest-preset.md, generation-64-zen5-segments.md).</param>
    public sealed record Job(
        Clip Clip,
        string OutputPath,
        VideoFormat Format,
        string? Comment = null,
        bool Synthetic = false,
        bool Fast = false
    );

    public static void Encode(Clip clip, string outputPath, VideoFormat format) =>
        EncodeMany(new[] { new Job(clip, outputPath, format) });

    /// <summary>Encodes the jobs shared out evenly over one FFmpeg process per core (more where the clips are many or
    /// large); each encoder is single-threaded, since the clips are small and the processes already keep every core
    /// busy.</summary>
    public static void EncodeMany(IReadOnlyList<Job> jobs)
    {
        if (jobs.Count == 0)
            return;
        var streams = jobs.Where(j => j.Fast && j.Format == VideoFormat.Mp4)
            .GroupBy(SegmentedMp4.ShapeOf)
            .Where(g => g.Count() > 1)
            .ToArray();
        var inStreams = streams.SelectMany(g => g).ToHashSet(ReferenceEqualityComparer.Instance);
        var apart = jobs.Where(j => !inStreams.Contains(j)).ToArray();
        int cores = Environment.ProcessorCount;
        int perStream = Math.Max(1, (streams.Sum(g => g.Count()) + cores - 1) / cores);
        var work = streams
            .SelectMany(g => g.Chunk(perStream))
            .Select(batch => (Stream: true, Jobs: batch))
            .Concat(Batches(apart).Select(batch => (Stream: false, Jobs: batch)))
            .ToArray();
        try
        {
            Parallel.ForEach(
                work,
                new ParallelOptions { MaxDegreeOfParallelism = cores },
                w =>
                    InTempFolder(temp =>
                    {
                        if (w.Stream)
                            SegmentedMp4.Encode(w.Jobs, temp);
                        else
                            RunBatch(w.Jobs, temp);
                    })
            );
        }
        catch (AggregateException e) when (e.InnerExceptions.FirstOrDefault() is VidganException first)
        {
            throw first;
        }
    }

    /// <summary>Jobs encoded each by its own encoder, in batches of one FFmpeg process each.</summary>
    static Job[][] Batches(Job[] jobs)
    {
        if (jobs.Length == 0)
            return [];
        long largest = jobs.Max(j => (long)j.Clip.Frames * j.Clip.Width * j.Clip.Height);
        int perCore = (jobs.Length + Environment.ProcessorCount - 1) / Environment.ProcessorCount;
        int perProcess = (int)Math.Clamp(perCore, 1, Math.Max(1, PixelsPerProcess / largest));
        return jobs.Chunk(perProcess).ToArray();
    }

    static void InTempFolder(Action<string> encode)
    {
        string tempDir = Directory.CreateTempSubdirectory("vidgan-encode-").FullName;
        try
        {
            encode(tempDir);
        }
        finally
        {
            Directory.Delete(tempDir, recursive: true);
        }
    }

    /// <summary>x264 at CRF 16 in browser-playable yuv420p, sized up to even dimensions.</summary>
    internal static string[] H264Options(Job job) =>
        [
            "-vf",
            EvenSize,
            "-c:v",
            "libx264",
            "-threads",
            "1",
            "-preset",
            job.Fast ? "veryfast" : "medium",
            "-crf",
            "16",
            "-pix_fmt",
            "yuv420p",
        ];

    internal static string Mp4Flags(Job job) => job.Synthetic ? "+faststart+use_metadata_tags" : "+faststart";

    const string EvenSize = "scale=trunc((iw+1)/2)*2:trunc((ih+1)/2)*2:flags=neighbor";

    internal static void RunFFmpeg(List<string> args, IReadOnlyCollection<Job> jobs)
    {
        long totalFrames = jobs.Sum(j => (long)j.Clip.Frames * j.Clip.Width * j.Clip.Height) / (64 * 64);
        var result = ProcessRunner.Run(FFmpegTools.FFmpeg, args, TimeSpan.FromSeconds(60 + totalFrames / 100.0));
        if (result.ExitCode != 0)
            throw new VidganException(
                "encoding failed: "
                    + FFmpegTools.Reason(result.Stderr, result.TimedOut ? "ffmpeg timed out" : "ffmpeg failed")
            );
    }

    static void RunBatch(Job[] jobs, string tempDir)
    {
        var parts = new List<(string Part, string Final)>();
        try
        {
            var args = new List<string> { "-v", "error", "-nostdin", "-y" };
            for (int k = 0; k < jobs.Length; k++)
            {
                var c = jobs[k].Clip;
                string raw = Path.Combine(tempDir, $"{k}.rgb");
                File.WriteAllBytes(raw, c.Rgb);
                double fps = c.Fps > 0 ? c.Fps : 8;
                args.AddRange(
                    new[]
                    {
                        "-f",
                        "rawvideo",
                        "-pix_fmt",
                        "rgb24",
                        "-s",
                        $"{c.Width}x{c.Height}",
                        "-r",
                        fps.ToString("0.###", CultureInfo.InvariantCulture),
                        "-i",
                        raw,
                    }
                );
            }
            var graphs = new List<string>();
            var outputs = new List<string>();
            for (int k = 0; k < jobs.Length; k++)
            {
                var job = jobs[k];
                string final = Path.GetFullPath(job.OutputPath);
                Directory.CreateDirectory(Path.GetDirectoryName(final)!);
                string part = Path.Combine(
                    Path.GetDirectoryName(final)!,
                    $".{Path.GetFileName(final)}.{Guid.NewGuid():N}.part"
                );
                parts.Add((part, final));
                if (job.Comment != null && job.Format is VideoFormat.Mp4 or VideoFormat.Webm or VideoFormat.Mkv)
                    outputs.AddRange(new[] { "-metadata", "comment=" + job.Comment });
                if (job.Synthetic)
                    outputs.AddRange(DigitalSourceType.FFmpegOptions(job.Format));
                switch (job.Format)
                {
                    case VideoFormat.Mp4:
                        outputs.AddRange(["-map", $"{k}:v", .. H264Options(job)]);
                        outputs.AddRange(["-movflags", Mp4Flags(job), "-f", "mp4", part]);
                        break;
                    case VideoFormat.Webm:
                        outputs.AddRange(
                            new[]
                            {
                                "-map",
                                $"{k}:v",
                                "-vf",
                                EvenSize,
                                "-c:v",
                                "libvpx-vp9",
                                "-threads",
                                "1",
                                "-crf",
                                "24",
                                "-b:v",
                                "0",
                                "-deadline",
                                "good",
                                "-cpu-used",
                                "4",
                                "-pix_fmt",
                                "yuv420p",
                                "-f",
                                "webm",
                                part,
                            }
                        );
                        break;
                    case VideoFormat.Gif:
                        graphs.Add(
                            $"[{k}:v]split[a{k}][b{k}];[a{k}]palettegen=stats_mode=full[p{k}];"
                                + $"[b{k}][p{k}]paletteuse=dither=none[g{k}]"
                        );
                        outputs.AddRange(new[] { "-map", $"[g{k}]", "-loop", "0", "-f", "gif", part });
                        break;
                    case VideoFormat.Mkv:
                        outputs.AddRange(
                            new[] { "-map", $"{k}:v", "-c:v", "ffv1", "-pix_fmt", "rgb24", "-f", "matroska", part }
                        );
                        break;
                    case VideoFormat.Png:
                        outputs.AddRange(
                            new[]
                            {
                                "-map",
                                $"{k}:v",
                                "-frames:v",
                                "1",
                                "-c:v",
                                "png",
                                "-f",
                                "image2",
                                "-update",
                                "1",
                                part,
                            }
                        );
                        break;
                }
            }
            if (graphs.Count > 0)
            {
                args.Add("-filter_complex");
                args.Add(string.Join(";", graphs));
            }
            args.AddRange(outputs);
            RunFFmpeg(args, jobs);
            for (int k = 0; k < jobs.Length; k++)
                if (jobs[k].Synthetic && jobs[k].Format == VideoFormat.Png)
                    DigitalSourceType.LabelPng(parts[k].Part);
            foreach (var (part, final) in parts)
                AtomicPublish(part, final);
        }
        finally
        {
            foreach (var (part, _) in parts)
                if (File.Exists(part))
                    File.Delete(part);
        }
    }

    static void AtomicPublish(string part, string final) => File.Move(part, final, overwrite: true);
}
