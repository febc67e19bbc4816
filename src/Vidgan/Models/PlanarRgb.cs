using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Vidgan.Models;

/// <summary>Three colour planes (3, pixels) of values in [-1, 1], as the networks hold a clip's frames, into
/// interleaved RGB bytes (pixels, 3): each value becomes round((v + 1) × 127.5), half to even, clamped to 0..255, NaN
/// to 0. Sixteen pixels at a time where the CPU has AVX2 (every x64 CPU this runs on), one at a time elsewhere and for
/// the last few; the bytes are the same either way. The vector loops are compiled optimized from their first
/// call: `generate` converts every clip in one burst, which tiered compilation would run largely as first-tier
/// code.</summary>
public static class PlanarRgb
{
    /// <summary>Planes of bf16 bits.</summary>
    public static void ToBytes(ReadOnlySpan<ushort> planes, Span<byte> rgb)
    {
        int pixels = Pixels(planes.Length, rgb);
        int done = Vectorized ? VectorBf16(planes, rgb, pixels) : 0;
        for (int c = 0; c < 3; c++)
        for (int p = done; p < pixels; p++)
            rgb[p * 3 + c] = Level(FromBf16(planes[c * pixels + p]));
    }

    public static void ToBytes(ReadOnlySpan<float> planes, Span<byte> rgb)
    {
        int pixels = Pixels(planes.Length, rgb);
        int done = Vectorized ? VectorFloat(planes, rgb, pixels) : 0;
        for (int c = 0; c < 3; c++)
        for (int p = done; p < pixels; p++)
            rgb[p * 3 + c] = Level(planes[c * pixels + p]);
    }

    /// <summary>The level of one value, as the vector path computes it sixteen at a time.</summary>
    public static byte Level(float v)
    {
        float level = MathF.Round((v + 1f) * 127.5f);
        return float.IsNaN(level) ? (byte)0 : (byte)Math.Clamp(level, 0f, 255f);
    }

    static float FromBf16(ushort bits) => BitConverter.Int32BitsToSingle(bits << 16);

    static int Pixels(int values, Span<byte> rgb)
    {
        if (values % 3 != 0 || rgb.Length != values)
            throw new ArgumentException("expects three planes and one byte for each of their values", nameof(rgb));
        return values / 3;
    }

    static bool Vectorized => Avx2.IsSupported;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static int VectorBf16(ReadOnlySpan<ushort> planes, Span<byte> rgb, int pixels)
    {
        ref ushort source = ref MemoryMarshal.GetReference(planes);
        ref byte target = ref MemoryMarshal.GetReference(rgb);
        int p = 0;
        for (; p + 16 <= pixels; p += 16)
        {
            var r = Levels(Vector256.LoadUnsafe(ref source, (nuint)p));
            var g = Levels(Vector256.LoadUnsafe(ref source, (nuint)(pixels + p)));
            var b = Levels(Vector256.LoadUnsafe(ref source, (nuint)(2 * pixels + p)));
            Interleave(r, g, b, ref target, p * 3);
        }
        return p;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static int VectorFloat(ReadOnlySpan<float> planes, Span<byte> rgb, int pixels)
    {
        ref float source = ref MemoryMarshal.GetReference(planes);
        ref byte target = ref MemoryMarshal.GetReference(rgb);
        int p = 0;
        for (; p + 16 <= pixels; p += 16)
        {
            var r = Levels(ref source, p);
            var g = Levels(ref source, pixels + p);
            var b = Levels(ref source, 2 * pixels + p);
            Interleave(r, g, b, ref target, p * 3);
        }
        return p;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector128<byte> Levels(ref float source, int at) =>
        Levels(Vector256.LoadUnsafe(ref source, (nuint)at), Vector256.LoadUnsafe(ref source, (nuint)(at + 8)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector128<byte> Levels(Vector256<ushort> bf16)
    {
        var (low, high) = Vector256.Widen(bf16);
        return Levels(Vector256.ShiftLeft(low, 16).AsSingle(), Vector256.ShiftLeft(high, 16).AsSingle());
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector128<byte> Levels(Vector256<float> low, Vector256<float> high)
    {
        var words = Vector256.Narrow(Integers(low), Integers(high));
        return Vector128.Narrow(words.GetLower(), words.GetUpper());
    }

    /// <summary>Levels 0..255 as integers; NaN compares false both ways, so the masks below send it to 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector256<uint> Integers(Vector256<float> v)
    {
        var level = Vector256.Round((v + Vector256.Create(1f)) * Vector256.Create(127.5f));
        var top = Vector256.Create(255f);
        var clamped = Vector256.ConditionalSelect(Vector256.GreaterThan(level, top), top, level);
        clamped = Vector256.BitwiseAnd(clamped, Vector256.GreaterThan(clamped, Vector256<float>.Zero).AsSingle());
        return Avx.ConvertToVector256Int32WithTruncation(clamped).AsUInt32();
    }

    /// <summary>Byte k of output block j takes byte k / 3 of plane k mod 3 (k counted from the block's start);
    /// shuffle indices with the top bit set give 0, so the three planes' shuffles add by OR.</summary>
    static readonly Vector128<byte>[] Gather = Enumerable
        .Range(0, 9)
        .Select(i =>
        {
            int block = i / 3,
                plane = i % 3;
            var indices = new byte[16];
            for (int k = 0; k < 16; k++)
            {
                int at = block * 16 + k;
                indices[k] = at % 3 == plane ? (byte)(at / 3) : (byte)0x80;
            }
            return Vector128.Create(indices);
        })
        .ToArray();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Interleave(Vector128<byte> r, Vector128<byte> g, Vector128<byte> b, ref byte target, int offset)
    {
        for (int block = 0; block < 3; block++)
        {
            var bytes =
                Ssse3.Shuffle(r, Gather[block * 3])
                | Ssse3.Shuffle(g, Gather[block * 3 + 1])
                | Ssse3.Shuffle(b, Gather[block * 3 + 2]);
            bytes.StoreUnsafe(ref target, (nuint)(offset + block * 16));
        }
    }
}
