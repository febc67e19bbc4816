using System.IO.Hashing;

namespace Vidgan.Trust;

/// <summary>What a watermark says: the library that made the clip (12 bits of its signing root's hash) and the
/// clip's mark within it (24 bits, unique in the library's catalog).</summary>
public readonly record struct WatermarkPayload(int Library, int Mark)
{
    public const int LibraryBits = 12;
    public const int MarkBits = 24;

    public override string ToString() => $"library {Library:x3}, mark {Mark:x6}";
}

/// <summary>The watermark's channel code: 36 payload bits and a 22-bit check (CRC-32 of the payload, cut to 22
/// bits), then the convolutional code of rate 1/2 and constraint length 7 that GSM and Wi-Fi use (generators 133 and
/// 171 octal, 6 tail bits): 128 code bits, shuffled over the cells so that a lost region costs scattered bits.
/// Decoding is soft Viterbi; a word counts only when its check holds.</summary>
public static class WatermarkCode
{
    public const int PayloadBits = WatermarkPayload.LibraryBits + WatermarkPayload.MarkBits;
    const int CheckBits = 22;
    const int InfoBits = PayloadBits + CheckBits;
    const int Memory = 6;
    const int States = 1 << Memory;
    const int G0 = 0b1011011,
        G1 = 0b1111001;

    public const int Cells = 2 * (InfoBits + Memory);

    static readonly int[] CellOfBit = Shuffle(Cells, 0x5644474E);

    /// <summary>Cell values: true for 1.</summary>
    public static bool[] Encode(WatermarkPayload payload)
    {
        var coded = Convolve(Info(payload));
        var cells = new bool[Cells];
        for (int i = 0; i < Cells; i++)
            cells[CellOfBit[i]] = coded[i];
        return cells;
    }

    /// <summary>The payload, if the soft cell values (positive for 0, negative for 1, 0 where nothing was read)
    /// decode to a word whose check holds; how well the decoded word's code matches them (-1 to 1); and the decoded
    /// payload whether or not its check held.</summary>
    public static (WatermarkPayload? Payload, double Confidence, WatermarkPayload Guess) Decode(
        ReadOnlySpan<double> cellSoft
    )
    {
        var soft = new double[Cells];
        for (int i = 0; i < Cells; i++)
            soft[i] = cellSoft[CellOfBit[i]];
        var info = Viterbi(soft);
        ulong payloadBits = 0;
        for (int i = 0; i < PayloadBits; i++)
            if (info[i])
                payloadBits |= 1UL << i;
        var payload = new WatermarkPayload(
            (int)(payloadBits >> WatermarkPayload.MarkBits),
            (int)(payloadBits & ((1UL << WatermarkPayload.MarkBits) - 1))
        );
        var expected = Info(payload);
        bool checkHolds = expected.AsSpan().SequenceEqual(info);
        var recoded = Convolve(info);
        double match = 0;
        for (int i = 0; i < Cells; i++)
            match += recoded[i] ? -soft[i] : soft[i];
        return (checkHolds ? payload : null, match / Cells, payload);
    }

    static bool[] Info(WatermarkPayload p)
    {
        ulong bits =
            ((ulong)(p.Library & ((1 << WatermarkPayload.LibraryBits) - 1)) << WatermarkPayload.MarkBits)
            | (uint)(p.Mark & ((1 << WatermarkPayload.MarkBits) - 1));
        Span<byte> bytes = stackalloc byte[5];
        for (int i = 0; i < 5; i++)
            bytes[i] = (byte)(bits >> (8 * i));
        ulong check = Crc32.HashToUInt32(bytes) & ((1U << CheckBits) - 1);
        ulong word = bits | (check << PayloadBits);
        return Enumerable.Range(0, InfoBits).Select(i => ((word >> i) & 1) == 1).ToArray();
    }

    static bool[] Convolve(bool[] info)
    {
        var coded = new bool[Cells];
        int state = 0;
        for (int i = 0; i < InfoBits + Memory; i++)
        {
            int input = i < InfoBits && info[i] ? 1 : 0;
            int reg = (input << Memory) | state;
            coded[2 * i] = Parity(reg & G0);
            coded[2 * i + 1] = Parity(reg & G1);
            state = reg >> 1;
        }
        return coded;
    }

    static bool Parity(int v) => (System.Numerics.BitOperations.PopCount((uint)v) & 1) == 1;

    static bool[] Viterbi(double[] soft)
    {
        int steps = InfoBits + Memory;
        var metric = new double[States];
        Array.Fill(metric, double.NegativeInfinity);
        metric[0] = 0;
        var from = new int[steps, States];
        var bit = new bool[steps, States];
        for (int i = 0; i < steps; i++)
        {
            var next = new double[States];
            Array.Fill(next, double.NegativeInfinity);
            for (int state = 0; state < States; state++)
            {
                if (double.IsNegativeInfinity(metric[state]))
                    continue;
                for (int input = 0; input <= (i < InfoBits ? 1 : 0); input++)
                {
                    int reg = (input << Memory) | state;
                    double m =
                        metric[state]
                        + (Parity(reg & G0) ? -soft[2 * i] : soft[2 * i])
                        + (Parity(reg & G1) ? -soft[2 * i + 1] : soft[2 * i + 1]);
                    int to = reg >> 1;
                    if (m > next[to])
                    {
                        next[to] = m;
                        from[i, to] = state;
                        bit[i, to] = input == 1;
                    }
                }
            }
            metric = next;
        }
        var info = new bool[InfoBits];
        int s = 0;
        for (int i = steps - 1; i >= 0; i--)
        {
            if (i < InfoBits)
                info[i] = bit[i, s];
            s = from[i, s];
        }
        return info;
    }

    /// <summary>A fixed permutation of 0..n-1 (Fisher–Yates driven by SplitMix64, so it never changes with the
    /// runtime's random number generator).</summary>
    internal static int[] Shuffle(int n, ulong seed)
    {
        var order = Enumerable.Range(0, n).ToArray();
        for (int i = n - 1; i > 0; i--)
        {
            int j = (int)(SplitMix(ref seed) % (ulong)(i + 1));
            (order[i], order[j]) = (order[j], order[i]);
        }
        return order;
    }

    internal static ulong SplitMix(ref ulong state)
    {
        ulong z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
