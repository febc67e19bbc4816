using static TorchSharp.torch;

namespace Vidgan.Tests.Support;

/// <summary>Byte clips (N, T, H, W, 3) from model tensors (N, 3, T, H, W) written out as tensor operations, for tests
/// that check the library's own conversion or need bytes made independently of it: round((v + 1) × 127.5) in
/// float32, half to even, clamped to 0..255.</summary>
public static class ReferenceBytes
{
    public static Tensor Of(Tensor clips) =>
        clips
            .to_type(ScalarType.Float32)
            .add(1)
            .mul(127.5)
            .round()
            .clamp(0, 255)
            .to_type(ScalarType.Byte)
            .permute(0, 2, 3, 4, 1)
            .contiguous();
}
