using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Vidgan.Generation;

/// <summary>A byte clip (T, H, W, 3) summed over square cells of each frame, per colour: the coarse picture whose
/// distances bound the clips' distances from below (<see cref="NearestClipSearch"/>). Exact in 16 bits: a cell of
/// at most 8 × 8 pixels sums to at most 16,320.</summary>
internal static class CellSums
{
    /// <summary>The widest side of 8, 4, 2 and 1 that divides both the height and the width. The full comparisons
    /// cost little in bytes, so a coarse bound that rules out fewer pairs pays.</summary>
    public static int Side(long height, long width) => Sides.FirstOrDefault(s => height % s == 0 && width % s == 0, 1);

    static readonly int[] Sides = [8, 4, 2];

    public static int PerClip(long frames, long height, long width, int side) =>
        checked((int)(frames * (height / side) * (width / side) * 3));

    /// <summary>Writes the sums in the order frame, band of rows, cell along the band, colour.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Of(ReadOnlySpan<byte> clip, int frames, int height, int width, int side, Span<short> cells)
    {
        int row = width * 3;
        if (clip.Length != frames * height * row || cells.Length != PerClip(frames, height, width, side))
            throw new ArgumentException("the clip or the cells do not have the given shape");
        Span<ushort> band = row <= 4096 ? stackalloc ushort[row] : new ushort[row];
        int written = 0;
        for (int top = 0; top < frames * height; top += side)
        {
            band.Clear();
            for (int r = 0; r < side; r++)
                AddRow(clip.Slice((top + r) * row, row), band);
            for (int x = 0; x < width; x += side)
            for (int c = 0; c < 3; c++)
            {
                int sum = 0;
                for (int k = 0; k < side; k++)
                    sum += band[(x + k) * 3 + c];
                cells[written++] = (short)sum;
            }
        }
    }

    /// <summary>band[i] += bytes[i]; a band holds at most 8 × 255.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void AddRow(ReadOnlySpan<byte> bytes, Span<ushort> band)
    {
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref byte source = ref MemoryMarshal.GetReference(bytes);
            ref ushort target = ref MemoryMarshal.GetReference(band);
            for (; i + 32 <= bytes.Length; i += 32)
            {
                var (low, high) = Vector256.Widen(Vector256.LoadUnsafe(ref source, (nuint)i));
                (Vector256.LoadUnsafe(ref target, (nuint)i) + low).StoreUnsafe(ref target, (nuint)i);
                (Vector256.LoadUnsafe(ref target, (nuint)(i + 16)) + high).StoreUnsafe(ref target, (nuint)(i + 16));
            }
        }
        for (; i < bytes.Length; i++)
            band[i] += bytes[i];
    }
}
