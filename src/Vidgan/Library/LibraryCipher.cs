using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Vidgan.Library;

/// <summary>Files of an encrypted library: AES-256-GCM in chunks of 64 KiB, so a file is written and read as a stream
/// (a range is read by decrypting only the chunks it touches). Each file has a random id; its key is derived from the
/// library's data key and that id (HKDF-SHA256), each chunk's nonce is its index and whether it is the last, and every
/// chunk authenticates the file's header and its name in the library (<c>blob:SHA</c>, <c>cache:KEY</c>…). So a
/// changed byte, chunks reordered or cut off, and a file swapped for another all fail the read.</summary>
public sealed class LibraryCipher(byte[] dataKey)
{
    public const int ChunkSize = 64 * 1024;
    const int TagSize = 16;
    internal const int HeaderSize = 8 + 16 + 4;
    static readonly byte[] Magic = "VIDGANE1"u8.ToArray();

    /// <summary>Whether a file starts like one this cipher wrote.</summary>
    public static bool IsEncrypted(string path)
    {
        if (!File.Exists(path))
            return false;
        Span<byte> head = stackalloc byte[8];
        using var f = File.OpenRead(path);
        return f.Read(head) == 8 && head.SequenceEqual(Magic);
    }

    /// <summary>Writes a file as <paramref name="write"/> produces it, encrypted, under a temp name then
    /// renamed.</summary>
    public void Write(string path, string name, Action<Stream> write) =>
        Util.AtomicFile.Write(
            path,
            file =>
            {
                using var encrypting = new EncryptingStream(this, file, name);
                write(encrypting);
            }
        );

    /// <summary>Encrypts a plain file in place under <paramref name="name"/> (for converting a library); false when
    /// it already was encrypted or does not exist.</summary>
    public bool EncryptInPlace(string path, string name)
    {
        if (!File.Exists(path) || IsEncrypted(path))
            return false;
        var bytes = File.ReadAllBytes(path);
        Write(path, name, s => s.Write(bytes));
        return true;
    }

    /// <summary>A seekable stream of the file's plain bytes; reading a damaged part throws.</summary>
    public Stream OpenRead(string path, string name) => new DecryptingStream(this, File.OpenRead(path), name);

    /// <summary>The file's plain bytes whether it is stored encrypted or not (a library being converted holds both),
    /// opening it once.</summary>
    public Stream OpenEither(string path, string name)
    {
        var file = File.OpenRead(path);
        Span<byte> head = stackalloc byte[8];
        bool encrypted = file.Read(head) == 8 && head.SequenceEqual(Magic);
        file.Position = 0;
        return encrypted ? new DecryptingStream(this, file, name) : file;
    }

    internal static byte[] Header(byte[] fileId)
    {
        var header = new byte[HeaderSize];
        Magic.CopyTo(header, 0);
        fileId.CopyTo(header, 8);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(24), ChunkSize);
        return header;
    }

    internal AesGcm FileKey(byte[] fileId) =>
        new(HKDF.DeriveKey(HashAlgorithmName.SHA256, dataKey, 32, fileId, "vidgan-chunk-v1"u8.ToArray()), TagSize);

    internal static byte[] Nonce(long chunk, bool last)
    {
        var nonce = new byte[12];
        BinaryPrimitives.WriteInt64BigEndian(nonce, chunk);
        nonce[11] = last ? (byte)1 : (byte)0;
        return nonce;
    }

    internal static byte[] Aad(byte[] header, string name) => [.. header, .. Encoding.UTF8.GetBytes(name)];

    internal static int StoredChunk => ChunkSize + TagSize;

    internal static int Tag => TagSize;
}

/// <summary>Encrypts what is written to it, a chunk at a time; disposing it writes the last chunk.</summary>
sealed class EncryptingStream : Stream
{
    readonly Stream output;
    readonly AesGcm aes;
    readonly byte[] aad;
    readonly byte[] buffer = new byte[LibraryCipher.ChunkSize];
    int filled;
    long chunk;
    bool closed;

    public EncryptingStream(LibraryCipher cipher, Stream output, string name)
    {
        this.output = output;
        var fileId = RandomNumberGenerator.GetBytes(16);
        var header = LibraryCipher.Header(fileId);
        output.Write(header);
        aes = cipher.FileKey(fileId);
        aad = LibraryCipher.Aad(header, name);
    }

    public override void Write(byte[] data, int offset, int count) => Write(data.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> data)
    {
        while (data.Length > 0)
        {
            if (filled == buffer.Length)
                Emit(last: false);
            int n = Math.Min(data.Length, buffer.Length - filled);
            data[..n].CopyTo(buffer.AsSpan(filled));
            filled += n;
            data = data[n..];
        }
    }

    void Emit(bool last)
    {
        var sealedChunk = new byte[filled + LibraryCipher.Tag];
        aes.Encrypt(
            LibraryCipher.Nonce(chunk, last),
            buffer.AsSpan(0, filled),
            sealedChunk.AsSpan(0, filled),
            sealedChunk.AsSpan(filled),
            aad
        );
        output.Write(sealedChunk);
        chunk++;
        filled = 0;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && !closed)
        {
            closed = true;
            Emit(last: true);
            aes.Dispose();
        }
        base.Dispose(disposing);
    }

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override void Flush() { }

    public override int Read(byte[] data, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}

/// <summary>Plain bytes of an encrypted file, by position: each chunk is read and checked when touched. A file cut
/// short fails when its (new) last chunk is read, since that chunk was not sealed as the last.</summary>
sealed class DecryptingStream : Stream
{
    readonly Stream input;
    readonly AesGcm aes;
    readonly byte[] aad;
    readonly string name;
    readonly long chunks;
    readonly long length;
    readonly byte[] plain = new byte[LibraryCipher.ChunkSize];
    readonly byte[] sealedChunk = new byte[LibraryCipher.StoredChunk];
    int plainLength;
    long loaded = -1;
    long position;

    public DecryptingStream(LibraryCipher cipher, Stream input, string name)
    {
        this.input = input;
        this.name = name;
        var header = new byte[LibraryCipher.HeaderSize];
        if (
            input.Length < LibraryCipher.HeaderSize + LibraryCipher.Tag
            || input.ReadAtLeast(header, header.Length, false) < header.Length
        )
            throw Damaged("it is too short to be an encrypted file");
        var fileId = header[8..24];
        if (!header.AsSpan(0, 24).SequenceEqual(LibraryCipher.Header(fileId).AsSpan(0, 24)))
            throw Damaged("it is not encrypted with this library's format");
        aes = cipher.FileKey(fileId);
        aad = LibraryCipher.Aad(header, name);
        long body = input.Length - LibraryCipher.HeaderSize;
        chunks = (body + LibraryCipher.StoredChunk - 1) / LibraryCipher.StoredChunk;
        length = body - chunks * LibraryCipher.Tag;
        if (length < 0)
            throw Damaged("it is cut short");
    }

    VidganException Damaged(string why) => new($"{name}: the encrypted file failed its check: {why}");

    void Load(long chunk)
    {
        if (chunk == loaded)
            return;
        long start = LibraryCipher.HeaderSize + chunk * LibraryCipher.StoredChunk;
        int stored = (int)Math.Min(LibraryCipher.StoredChunk, input.Length - start);
        input.Position = start;
        input.ReadExactly(sealedChunk, 0, stored);
        plainLength = stored - LibraryCipher.Tag;
        try
        {
            aes.Decrypt(
                LibraryCipher.Nonce(chunk, chunk == chunks - 1),
                sealedChunk.AsSpan(0, plainLength),
                sealedChunk.AsSpan(plainLength, LibraryCipher.Tag),
                plain.AsSpan(0, plainLength),
                aad
            );
        }
        catch (AuthenticationTagMismatchException)
        {
            loaded = -1;
            throw Damaged($"chunk {chunk} was changed, moved, cut or comes from another file");
        }
        loaded = chunk;
    }

    public override int Read(byte[] data, int offset, int count) => Read(data.AsSpan(offset, count));

    public override int Read(Span<byte> data)
    {
        if (position >= length || data.Length == 0)
            return 0;
        long chunk = position / LibraryCipher.ChunkSize;
        Load(chunk);
        int at = (int)(position - chunk * LibraryCipher.ChunkSize);
        int n = Math.Min(data.Length, plainLength - at);
        plain.AsSpan(at, n).CopyTo(data);
        position += n;
        return n;
    }

    public override long Seek(long offset, SeekOrigin origin)
    {
        position = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => position + offset,
            _ => length + offset,
        };
        if (position < 0)
            throw new IOException("seek before the start of the file");
        return position;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            input.Dispose();
            aes.Dispose();
        }
        base.Dispose(disposing);
    }

    public override bool CanRead => true;
    public override bool CanSeek => true;
    public override bool CanWrite => false;
    public override long Length => length;
    public override long Position
    {
        get => position;
        set => Seek(value, SeekOrigin.Begin);
    }

    public override void Flush() { }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] data, int offset, int count) => throw new NotSupportedException();
}
