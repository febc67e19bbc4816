using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Vidgan.Util;

/// <summary>Sums of absolute differences, Σ|a − b|, over equally long vectors, in the widest SIMD the CPU has:
/// x86's PSADBW for bytes (64, 32 or 16 at a time), <see cref="Vector{T}"/> for 16-bit values. Both are compiled
/// optimized from their first call: `generate` calls them in one burst, which .NET's tiered compilation would
/// otherwise run largely as unoptimized first-tier code.</summary>
public static class AbsoluteDifferences
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static long Sum(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        if (a.Length != b.Length)
            throw new ArgumentException("the vectors differ in length");
        int i = 0;
        ulong total = 0;
        if (Avx512BW.IsSupported)
        {
            var acc = Vector512<ulong>.Zero;
            for (; i <= a.Length - 64; i += 64)
                acc += Avx512BW.SumAbsoluteDifferences(Vector512.Create(a[i..]), Vector512.Create(b[i..])).AsUInt64();
            total += Vector512.Sum(acc);
        }
        if (Avx2.IsSupported)
        {
            var acc = Vector256<ulong>.Zero;
            for (; i <= a.Length - 32; i += 32)
                acc += Avx2.SumAbsoluteDifferences(Vector256.Create(a[i..]), Vector256.Create(b[i..])).AsUInt64();
            total += Vector256.Sum(acc);
        }
        if (Sse2.IsSupported)
        {
            var acc = Vector128<ulong>.Zero;
            for (; i <= a.Length - 16; i += 16)
                acc += Sse2.SumAbsoluteDifferences(Vector128.Create(a[i..]), Vector128.Create(b[i..])).AsUInt64();
            total += Vector128.Sum(acc);
        }
        for (; i < a.Length; i++)
            total += (ulong)Math.Abs(a[i] - b[i]);
        return (long)total;
    }

    /// <summary>For values whose differences fit in 16 bits (each between 0 and 32,767).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static long Sum(ReadOnlySpan<short> a, ReadOnlySpan<short> b)
    {
        if (a.Length != b.Length)
            throw new ArgumentException("the vectors differ in length");
        var left = MemoryMarshal.Cast<short, Vector<short>>(a);
        var right = MemoryMarshal.Cast<short, Vector<short>>(b);
        long total = 0;
        // Each 32-bit lane takes at most 2 × 32,767 per step: flushed well before it could overflow.
        const int StepsPerFlush = 16_384;
        for (int start = 0; start < left.Length; start += StepsPerFlush)
        {
            var acc = Vector<int>.Zero;
            int end = Math.Min(left.Length, start + StepsPerFlush);
            for (int k = start; k < end; k++)
            {
                Vector.Widen(Vector.Abs(left[k] - right[k]), out var low, out var high);
                acc += low + high;
            }
            for (int lane = 0; lane < Vector<int>.Count; lane++)
                total += acc[lane];
        }
        for (int i = left.Length * Vector<short>.Count; i < a.Length; i++)
            total += Math.Abs(a[i] - b[i]);
        return total;
    }
}
