using System.Security.Cryptography;
using System.Text;

namespace Vidgan.Util;

public static class Hashing
{
    public static string Sha256File(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    public static string Sha256(byte[] data) => Convert.ToHexStringLower(SHA256.HashData(data));

    public static string Sha256(string text) => Sha256(Encoding.UTF8.GetBytes(text));

    /// <summary>A stable number in [0, 1) from a string, for deterministic decisions such as splits.</summary>
    public static double UnitInterval(string text)
    {
        byte[] hash = SHA256.HashData(Encoding.UTF8.GetBytes(text));
        return BitConverter.ToUInt64(hash, 0) / (double)ulong.MaxValue * (1 - 1e-12);
    }
}
