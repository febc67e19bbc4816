namespace Vidgan.Media;

/// <summary>Decodes videos to RGB clips. Several files share one FFmpeg process (a start costs ~50 ms);
/// when a shared run fails, the files are decoded one by one so each failure gets its own reason.</summary>
public static class VideoDecoder
{
    public const int FilesPerProcess = 16;

    public static Clip Decode(string path, DecodeOptions options, double sourceDuration = 0) =>
        DecodeMany(new[] { path }, options, new[] { sourceDuration })[0].Clip
        ?? throw new MediaException(path, "no frames could be decoded");

    public sealed record Outcome(string Path, Clip? Clip, string? Error);

    public static IReadOnlyList<Outcome> DecodeMany(
        IReadOnlyList<string> paths,
        DecodeOptions options,
        IReadOnlyList<double>? durations = null
    )
    {
        var outcomes = new Outcome[paths.Count];
        for (int start = 0; start < paths.Count; start += FilesPerProcess)
        {
            int count = Math.Min(FilesPerProcess, paths.Count - start);
            var batch = Enumerable.Range(start, count).ToArray();
            var results = RunBatch(
                batch.Select(i => paths[i]).ToArray(),
                options,
                batch.Select(i => durations?[i] ?? 0).Sum()
            );
            if (results == null)
                foreach (int i in batch)
                    outcomes[i] = RunBatch(new[] { paths[i] }, options, durations?[i] ?? 0, single: true)![0];
            else
                for (int k = 0; k < count; k++)
                    outcomes[batch[k]] = results[k];
        }
        return outcomes;
    }

    /// <summary>Returns null when a shared run failed and must be retried per file.</summary>
    static Outcome[]? RunBatch(string[] paths, DecodeOptions options, double totalDuration, bool single = false)
    {
        string tempDir = Directory.CreateTempSubdirectory("vidgan-decode-").FullName;
        try
        {
            var args = new List<string>
            {
                "-v",
                "error",
                "-nostdin",
                "-protocol_whitelist",
                FFmpegTools.ProtocolWhitelist,
            };
            foreach (string p in paths)
            {
                args.Add("-i");
                args.Add("file:" + Path.GetFullPath(p));
            }
            for (int k = 0; k < paths.Length; k++)
            {
                args.AddRange(new[] { "-map", $"{k}:v:0", "-vf", options.FilterGraph() });
                if (options.MaxFrames is int max)
                    args.AddRange(new[] { "-frames:v", max.ToString() });
                args.AddRange(new[] { "-f", "rawvideo", "-pix_fmt", "rgb24", "-y", Path.Combine(tempDir, $"{k}.rgb") });
            }
            var timeout = TimeSpan.FromSeconds(60 + 2 * totalDuration);
            var result = ProcessRunner.Run(FFmpegTools.FFmpeg, args, timeout);
            if (result.TimedOut && !single)
                return null;
            if (result.ExitCode != 0 && !single)
                return null;
            int frameBytes = options.Size * options.Size * 3;
            var outcomes = new Outcome[paths.Length];
            for (int k = 0; k < paths.Length; k++)
            {
                string raw = Path.Combine(tempDir, $"{k}.rgb");
                byte[] bytes = File.Exists(raw) ? File.ReadAllBytes(raw) : Array.Empty<byte>();
                int frames = bytes.Length / frameBytes;
                if (frames == 0)
                {
                    string reason = result.TimedOut
                        ? $"decoding timed out after {timeout.TotalSeconds:0} s"
                        : "no frames could be decoded: " + FFmpegTools.Reason(result.Stderr, "unknown decoder error");
                    outcomes[k] = new Outcome(paths[k], null, reason);
                    continue;
                }
                if (bytes.Length != frames * frameBytes)
                    Array.Resize(ref bytes, frames * frameBytes);
                // A truncated file still yields the frames before the damage; keep them and let the caller decide.
                outcomes[k] = new Outcome(
                    paths[k],
                    new Clip(bytes, frames, options.Size, options.Size, options.Fps ?? 0),
                    result.ExitCode != 0 ? FFmpegTools.Reason(result.Stderr, "decoder error") : null
                );
            }
            return outcomes;
        }
        finally
        {
            Directory.Delete(tempDir, recursive: true);
        }
    }
}
