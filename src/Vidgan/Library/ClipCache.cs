using System.Text;
using Vidgan.Media;
using Vidgan.Util;

namespace Vidgan.Library;

/// <summary>Decoded frames of whole source videos, stored as raw bytes under a key made of the video's
/// content hash and the decode settings. Re-ingesting and training read from here and never decode twice.</summary>
public sealed class ClipCache(string directory, LibraryCipher? cipher = null)
{
    static readonly byte[] Magic = Encoding.ASCII.GetBytes("VGFRAMES1");

    public string Directory { get; } = directory;

    public static string Key(string contentSha256, DecodeOptions options) => $"{contentSha256}-{options.CacheKey()}";

    string PathFor(string key) => Path.Combine(Directory, key[..2], key + ".frames");

    public bool Contains(string key) => File.Exists(PathFor(key));

    /// <summary>The file starts with the cache's header and is exactly as long as the frames it announces (and, when
    /// encrypted, every chunk passes its check).</summary>
    public bool IsWhole(string path)
    {
        try
        {
            using var r = new BinaryReader(OpenRead(path));
            if (!r.ReadBytes(Magic.Length).AsSpan().SequenceEqual(Magic))
                return false;
            long frames = r.ReadInt32(),
                height = r.ReadInt32(),
                width = r.ReadInt32();
            r.ReadDouble();
            if (r.BaseStream.Length != r.BaseStream.Position + frames * height * width * 3)
                return false;
            r.BaseStream.CopyTo(Stream.Null);
            return true;
        }
        catch (Exception e) when (e is EndOfStreamException or VidganException)
        {
            return false;
        }
    }

    public void Put(string key, Clip clip)
    {
        void Frames(Stream stream)
        {
            using var w = new BinaryWriter(stream, Encoding.ASCII, leaveOpen: true);
            w.Write(Magic);
            w.Write(clip.Frames);
            w.Write(clip.Height);
            w.Write(clip.Width);
            w.Write(clip.Fps);
            w.Write(clip.Rgb);
        }
        if (cipher != null)
            cipher.Write(PathFor(key), Name(key), Frames);
        else
            AtomicFile.Write(PathFor(key), Frames);
    }

    static string Name(string key) => "cache:" + key;

    Stream OpenRead(string path) =>
        cipher != null
            ? cipher.OpenEither(path, Name(System.IO.Path.GetFileNameWithoutExtension(path)))
            : File.OpenRead(path);

    /// <summary>Encrypts an entry in place (for converting a library); false when it already was.</summary>
    public bool Encrypt(string path) =>
        cipher != null && cipher.EncryptInPlace(path, Name(System.IO.Path.GetFileNameWithoutExtension(path)));

    /// <summary>Frames of an entry from <paramref name="firstFrame"/> on, as many as fill
    /// <paramref name="destination"/>, read straight into it: a clip of a long video costs no copy of the whole
    /// video.</summary>
    public void ReadFrames(string key, int firstFrame, Span<byte> destination)
    {
        using var entry = Open(key);
        long frameBytes = (long)entry.Height * entry.Width * 3;
        if (frameBytes == 0 || destination.Length % frameBytes != 0)
            throw new VidganException(
                $"frame cache entry {entry.Path} holds frames of {entry.Width}×{entry.Height}, not of its clips' "
                    + "size: delete it and run 'vidgan ingest' again"
            );
        if (firstFrame < 0 || firstFrame + destination.Length / frameBytes > entry.Frames)
            throw new VidganException(
                $"frame cache entry {entry.Path} holds {entry.Frames} frames, fewer than its clips need: delete it "
                    + "and run 'vidgan ingest' again"
            );
        entry.Data.Seek(firstFrame * frameBytes, SeekOrigin.Current);
        entry.Data.ReadExactly(destination);
    }

    public Clip Get(string key)
    {
        using var entry = Open(key);
        var rgb = new byte[entry.Frames * entry.Height * entry.Width * 3];
        entry.Data.ReadExactly(rgb);
        return new Clip(rgb, entry.Frames, entry.Height, entry.Width, entry.Fps);
    }

    /// <summary>An entry opened at its first frame; one that is missing, damaged or shorter than its header says is
    /// refused.</summary>
    Entry Open(string key)
    {
        string path = PathFor(key);
        if (!File.Exists(path))
            throw new VidganException($"frame cache entry {key} is missing: run 'vidgan ingest' again");
        VidganException Refused(string why) =>
            new($"frame cache entry {path} is {why}: delete it and run 'vidgan ingest' again");
        var stream = OpenRead(path);
        try
        {
            using var r = new BinaryReader(stream, Encoding.ASCII, leaveOpen: true);
            if (!r.ReadBytes(Magic.Length).AsSpan().SequenceEqual(Magic))
                throw Refused("damaged");
            var entry = new Entry(stream, path, r.ReadInt32(), r.ReadInt32(), r.ReadInt32(), r.ReadDouble());
            if (entry.Frames < 0 || entry.Height < 0 || entry.Width < 0)
                throw Refused("damaged");
            if (stream.Length - stream.Position < (long)entry.Frames * entry.Height * entry.Width * 3)
                throw Refused("truncated");
            return entry;
        }
        catch (Exception e)
        {
            stream.Dispose();
            if (e is EndOfStreamException)
                throw Refused("truncated");
            throw;
        }
    }

    sealed record Entry(Stream Data, string Path, int Frames, int Height, int Width, double Fps) : IDisposable
    {
        public void Dispose() => Data.Dispose();
    }
}
