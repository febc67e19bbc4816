using static TorchSharp.torch;

namespace Vidgan.Models;

/// <summary>Each clip's bytes in a contiguous byte tensor of clips (N, T, H, W, 3), read or written in place. One span
/// reaches at most 2 GiB and a training set can hold more, so the tensor is seen a block of whole clips at a
/// time.</summary>
public sealed class ClipByteView : IDisposable
{
    readonly Tensor[] blocks;
    readonly long clipsPerBlock;

    public ClipByteView(Tensor clips, long maxBlockBytes = 1L << 30)
    {
        if (clips.dtype != ScalarType.Byte || !clips.is_contiguous() || clips.dim() < 2)
            throw new ArgumentException("clips must be a contiguous byte tensor (N, …)", nameof(clips));
        Count = clips.shape[0];
        ClipBytes = checked((int)clips.shape[1..].Aggregate(1L, (a, b) => a * b));
        clipsPerBlock = Math.Max(1, maxBlockBytes / Math.Max(ClipBytes, 1));
        blocks = new Tensor[(Count + clipsPerBlock - 1) / clipsPerBlock];
        for (long b = 0; b < blocks.Length; b++)
        {
            long first = b * clipsPerBlock;
            // Views share the clips' memory and keep it alive for as long as this view lives.
            blocks[b] = clips.narrow(0, first, Math.Min(clipsPerBlock, Count - first)).DetachFromDisposeScope();
        }
    }

    public long Count { get; }

    public int ClipBytes { get; }

    public Span<byte> this[long index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
            return blocks[index / clipsPerBlock].bytes.Slice((int)(index % clipsPerBlock) * ClipBytes, ClipBytes);
        }
    }

    public void Dispose()
    {
        foreach (var block in blocks)
            block.Dispose();
    }
}
