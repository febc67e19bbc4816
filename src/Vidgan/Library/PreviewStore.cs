using System.Collections.Concurrent;
using System.Globalization;
using Vidgan.Media;

namespace Vidgan.Library;

/// <summary>What a gallery shows of an asset: a poster (JPEG of the middle frame) and a short animated preview (H.264
/// MP4, plays in every browser), both 256 px on the long side. Each is made once with FFmpeg, on first request, and
/// kept in <c>previews/</c> by the asset's content hash.</summary>
public sealed class PreviewStore(string directory, LibraryCipher? cipher = null)
{
    public const int LongSide = 256;
    const double MaxPreviewSeconds = 8;
    static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);
    static readonly ConcurrentDictionary<string, object> Making = new();

    public string Directory { get; } = directory;

    public string PosterPath(string sha256) => Path.Combine(Directory, sha256[..2], sha256 + ".poster.jpg");

    public string PreviewPath(string sha256) => Path.Combine(Directory, sha256[..2], sha256 + ".preview.mp4");

    /// <summary>The poster's path, made from <paramref name="source"/> if it does not exist yet.</summary>
    public string Poster(Asset asset, Func<PlainFile> source) =>
        Ensure(PosterPath(asset.Sha256), source, ["-frames:v", "1", "-q:v", "3", "-f", "image2"], asset, seek: true);

    public string Preview(Asset asset, Func<PlainFile> source) =>
        Ensure(
            PreviewPath(asset.Sha256),
            source,
            [
                "-t",
                MaxPreviewSeconds.ToString(CultureInfo.InvariantCulture),
                "-an",
                "-c:v",
                "libx264",
                "-preset",
                "veryfast",
                "-crf",
                "20",
                "-pix_fmt",
                "yuv420p",
                "-movflags",
                "+faststart",
                "-f",
                "mp4",
            ],
            asset,
            seek: false
        );

    public void Delete(string sha256)
    {
        foreach (string path in new[] { PosterPath(sha256), PreviewPath(sha256) })
            if (File.Exists(path))
                File.Delete(path);
    }

    /// <summary>A poster or preview to serve: the file, or in an encrypted library its decrypted stream.</summary>
    public Stream OpenRead(string path) =>
        cipher != null && LibraryCipher.IsEncrypted(path) ? cipher.OpenRead(path, Name(path)) : File.OpenRead(path);

    static string Name(string path) => "preview:" + Path.GetFileName(path);

    string Ensure(string target, Func<PlainFile> plainSource, string[] output, Asset asset, bool seek)
    {
        if (File.Exists(target))
            return target;
        lock (Making.GetOrAdd(target, _ => new object()))
        {
            if (File.Exists(target))
                return target;
            using var plain = plainSource();
            string source = plain.Path;
            if (!File.Exists(source))
                throw new VidganException($"asset {asset.Id} ({asset.Name}) has lost its file");
            string dir = Path.GetDirectoryName(target)!;
            System.IO.Directory.CreateDirectory(dir);
            string temp = Path.Combine(dir, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.tmp");
            try
            {
                var args = new List<string>
                {
                    "-nostdin",
                    "-v",
                    "error",
                    "-protocol_whitelist",
                    FFmpegTools.ProtocolWhitelist,
                };
                if (seek && asset.Duration > 0.2)
                    args.AddRange(["-ss", (asset.Duration / 2).ToString("0.###", CultureInfo.InvariantCulture)]);
                args.AddRange(["-i", source, "-vf", Scale(asset)]);
                args.AddRange(output);
                args.AddRange(["-y", temp]);
                var result = ProcessRunner.Run(FFmpegTools.FFmpeg, args, Timeout);
                if (result.ExitCode != 0 || !File.Exists(temp) || new FileInfo(temp).Length == 0)
                    throw new VidganException(
                        $"cannot make a preview of asset {asset.Id}: "
                            + FFmpegTools.Reason(result.Stderr, result.TimedOut ? "timed out" : "ffmpeg failed")
                    );
                if (cipher != null)
                    cipher.Write(
                        target,
                        Name(target),
                        s =>
                        {
                            using var made = File.OpenRead(temp);
                            made.CopyTo(s);
                        }
                    );
                else
                    File.Move(temp, target, overwrite: true);
                return target;
            }
            finally
            {
                if (File.Exists(temp))
                    File.Delete(temp);
                // Once the file exists nobody needs the lock: a later caller returns before taking it.
                Making.TryRemove(target, out _);
            }
        }
    }

    /// <summary>Small generated clips are enlarged with nearest-neighbour sampling (sharp pixels, no blur); large
    /// footage is reduced with area averaging.</summary>
    static string Scale(Asset a)
    {
        string flags = Math.Max(a.Width, a.Height) is > 0 and < LongSide ? "neighbor" : "area";
        return $"scale={LongSide}:{LongSide}:force_original_aspect_ratio=decrease:force_divisible_by=2:flags={flags}";
    }
}
