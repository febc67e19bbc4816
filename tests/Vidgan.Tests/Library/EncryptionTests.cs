using System.Security.Cryptography;
using Vidgan.Library;
using Vidgan.Tests.Support;

namespace Vidgan.Tests.Library;

public class EncryptionTests
{
    static readonly LibraryCipher Cipher = new(RandomNumberGenerator.GetBytes(32));

    static byte[] Plain(int length) => Enumerable.Range(0, length).Select(i => (byte)(i * 7 + i / 251)).ToArray();

    static string Encrypted(TempDir temp, byte[] plain, string name = "blob:a")
    {
        string path = temp["f.enc"];
        Cipher.Write(path, name, s => s.Write(plain));
        return path;
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(LibraryCipher.ChunkSize)]
    [InlineData(3 * LibraryCipher.ChunkSize + 17)]
    public void WhatIsWrittenReadsBackAndTheFileHoldsNoPlainText(int length)
    {
        using var temp = new TempDir();
        var plain = Plain(length);
        string path = Encrypted(temp, plain);

        using var read = Cipher.OpenRead(path, "blob:a");
        var back = new MemoryStream();
        read.CopyTo(back);

        Assert.Equal(plain, back.ToArray());
        Assert.Equal(length, read.Length);
        Assert.True(LibraryCipher.IsEncrypted(path));
        if (length >= 64)
            Assert.True(File.ReadAllBytes(path).AsSpan().IndexOf(plain.AsSpan(0, 64)) < 0);
    }

    [Fact]
    public void ARangeReadsOnlyWhatItAsksFor()
    {
        using var temp = new TempDir();
        var plain = Plain(2 * LibraryCipher.ChunkSize + 500);
        using var read = Cipher.OpenRead(Encrypted(temp, plain), "blob:a");
        read.Position = LibraryCipher.ChunkSize - 10;
        var part = new byte[30];
        read.ReadExactly(part);

        Assert.Equal(plain.AsSpan(LibraryCipher.ChunkSize - 10, 30).ToArray(), part);
    }

    [Fact]
    public void AFlippedByteFailsTheReadOfItsChunkNamingTheFile()
    {
        using var temp = new TempDir();
        string path = Encrypted(temp, Plain(3 * LibraryCipher.ChunkSize));
        var bytes = File.ReadAllBytes(path);
        bytes[LibraryCipher.ChunkSize + 100] ^= 1;
        File.WriteAllBytes(path, bytes);

        using var read = Cipher.OpenRead(path, "blob:a");
        var e = Assert.Throws<VidganException>(() => read.CopyTo(Stream.Null));
        Assert.Contains("blob:a", e.Message);
        Assert.Contains("chunk 1", e.Message);
    }

    [Fact]
    public void TruncationReorderingSwappingAndTheWrongKeyAreAllRefused()
    {
        using var temp = new TempDir();
        string path = Encrypted(temp, Plain(3 * LibraryCipher.ChunkSize));
        var bytes = File.ReadAllBytes(path);
        int stored = LibraryCipher.ChunkSize + 16;
        int header = bytes.Length - 3 * stored;

        File.WriteAllBytes(temp["cut"], bytes[..(header + 2 * stored)]);
        Assert.Throws<VidganException>(() => ReadAll(temp["cut"], Cipher, "blob:a"));

        var swapped = (byte[])bytes.Clone();
        bytes.AsSpan(header, stored).CopyTo(swapped.AsSpan(header + stored));
        bytes.AsSpan(header + stored, stored).CopyTo(swapped.AsSpan(header));
        File.WriteAllBytes(temp["reordered"], swapped);
        using (var read = Cipher.OpenRead(temp["reordered"], "blob:a"))
            Assert.Throws<VidganException>(() => read.CopyTo(Stream.Null));

        // the same bytes read as another file of the library fail: each file is bound to its name
        Assert.Throws<VidganException>(() => ReadAll(path, Cipher, "blob:b"));
        var other = new LibraryCipher(RandomNumberGenerator.GetBytes(32));
        Assert.Throws<VidganException>(() => ReadAll(path, other, "blob:a"));
        ReadAll(path, Cipher, "blob:a");
    }

    static void ReadAll(string path, LibraryCipher cipher, string name)
    {
        using var read = cipher.OpenRead(path, name);
        read.CopyTo(Stream.Null);
    }

    [Fact]
    public void AKeyringUnlocksWithItsKeyRekeysWithoutTouchingTheDataAndRefusesOthers()
    {
        using var temp = new TempDir();
        var fileKey = new LibraryKey(RandomNumberGenerator.GetBytes(32), null);
        var passphrase = new LibraryKey(null, "correct horse battery staple");
        byte[] dataKey = Keyring.Create(temp.Path, fileKey);

        Assert.Equal(dataKey, Keyring.Unlock(temp.Path, fileKey));
        var wrong = Assert.Throws<VidganException>(() =>
            Keyring.Unlock(temp.Path, new LibraryKey(RandomNumberGenerator.GetBytes(32), null))
        );
        Assert.Contains("wrong key or passphrase", wrong.Message);

        Keyring.Rekey(temp.Path, fileKey, passphrase);

        Assert.Equal(dataKey, Keyring.Unlock(temp.Path, passphrase));
        Assert.Throws<VidganException>(() => Keyring.Unlock(temp.Path, new LibraryKey(null, "wrong horse")));
        Assert.Throws<VidganException>(() => Keyring.Unlock(temp.Path, fileKey));
        var none = Assert.Throws<VidganException>(() => Keyring.Unlock(temp.Path, null));
        Assert.Contains(LibraryKey.PassphraseVariable, none.Message);
    }
}
