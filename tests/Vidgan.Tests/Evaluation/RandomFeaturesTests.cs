using Vidgan.Evaluation;
using static TorchSharp.torch;

namespace Vidgan.Tests.Evaluation;

public class RandomFeaturesTests
{
    /// <summary>Clips (N, 3, 8, 16, 16) of a bright square on black, at random places, moving right one pixel a frame
    /// (or standing still).</summary>
    static Tensor Squares(int count, int seed, bool moving)
    {
        var rng = new Random(seed);
        var clips = -ones(new long[] { count, 3, 8, 16, 16 });
        for (int i = 0; i < count; i++)
        {
            int top = rng.Next(0, 12),
                left = rng.Next(0, 4);
            for (int t = 0; t < 8; t++)
            {
                int x = left + (moving ? t : 0);
                clips[i, TensorIndex.Colon, t, TensorIndex.Slice(top, top + 4), TensorIndex.Slice(x, x + 4)] = tensor(
                    1f
                );
            }
        }
        return clips;
    }

    [Fact]
    public void EveryInstanceHasTheSameWeights()
    {
        using var clips = Squares(5, 1, moving: true);
        using var a = new RandomFeatures(CPU);
        using var b = new RandomFeatures(CPU);
        using var fa = a.Of(clips);
        using var fb = b.Of(clips);
        Assert.Equal(new long[] { 5, RandomFeatures.Dimensions }, fa.shape);
        Assert.True(fa.eq(fb).all().item<bool>());
        Assert.True(fa.isfinite().all().item<bool>());
    }

    [Fact]
    public void BytesGiveTheSameFeaturesAsPixels()
    {
        using var clips = Squares(70, 2, moving: true);
        using var bytes = ((clips + 1) * 127.5).round().to_type(ScalarType.Byte).permute(0, 2, 3, 4, 1).contiguous();
        using var net = new RandomFeatures(CPU);
        using var fromPixels = net.Of(clips);
        using var fromBytes = net.OfBytes(bytes);
        Assert.True(fromPixels.allclose(fromBytes, rtol: 1e-3, atol: 1e-3));
    }

    [Fact]
    public void FrozenClipsAreFarFromMovingOnesAndMovingOnesNearEachOther()
    {
        using var net = new RandomFeatures(CPU);
        using var real = net.Of(Squares(128, 3, moving: true));
        using var moving = net.Of(Squares(128, 4, moving: true));
        using var frozen = net.Of(Squares(128, 5, moving: false));
        var near = FrechetMetric.Compare(real, moving, real);
        var far = FrechetMetric.Compare(real, frozen, real);
        Assert.True(
            far.GeneratedVsRealMatched > 3 * near.GeneratedVsRealMatched,
            $"frozen {far.GeneratedVsRealMatched:0.000}, moving {near.GeneratedVsRealMatched:0.000}"
        );
        Assert.True(
            far.GeneratedVsRealMatched > 3 * far.RealVsRealFloor,
            $"frozen {far.GeneratedVsRealMatched:0.000}, floor {far.RealVsRealFloor:0.000}, moving "
                + $"{near.GeneratedVsRealMatched:0.000}"
        );
    }
}
