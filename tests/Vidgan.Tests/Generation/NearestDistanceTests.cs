using TorchSharp;
using Vidgan.Generation;
using Vidgan.Models;
using static TorchSharp.torch;

namespace Vidgan.Tests.Generation;

/// <summary>The pruned nearest-training-clip search finds exactly what comparing every pair finds.</summary>
public class NearestDistanceTests
{
    [Theory]
    [InlineData(16, 300, 1)]
    [InlineData(6, 40, 1)]
    // 100 queries of 64×64: more than one chunk of the search's working tensor.
    [InlineData(64, 20, 10)]
    public void PrunedSearchEqualsComparingEveryPair(int size, int references, int repeats)
    {
        torch.manual_seed(21);
        // References: random clips; queries: noisy copies of some of them and fresh random clips.
        var referenceBytes = torch
            .randint(0, 256, new long[] { references, 4, size, size, 3 })
            .to_type(ScalarType.Byte);
        var referenceClips = ClipTensors.FromBytes(referenceBytes);
        var near = referenceClips.narrow(0, 0, 5) + torch.randn(new long[] { 5, 3, 4, size, size }) * 0.05;
        var far = torch.rand(new long[] { 5, 3, 4, size, size }) * 2 - 1;
        var queries = torch.cat(new[] { near.clamp(-1, 1), far }, 0).repeat(repeats, 1, 1, 1, 1);

        var pruned = Scoring.Nearest(queries, referenceBytes);
        // Clips are compared as they are written: in bytes.
        var unit = (Tensor x) =>
            x.to_type(ScalarType.Float64).flatten(1).add(1).mul(127.5).round().clamp(0, 255).div(255);
        var (distances, indexes) = torch
            .cdist(unit(queries), unit(referenceClips), p: 1)
            .div(3 * 4 * size * size)
            .min(1);
        var brute = distances.data<double>().ToArray();
        for (int i = 0; i < brute.Length; i++)
            Assert.InRange(pruned[i].Distance - brute[i], -1e-5, 1e-5);
        Assert.Equal(indexes.data<long>().ToArray(), pruned.Select(p => p.Index).ToArray());
        Assert.Equal(Enumerable.Range(0, 5).Select(i => (long)i), pruned.Take(5).Select(p => p.Index));
        Assert.True(pruned[0].Distance < pruned[9].Distance, "a noisy copy is nearer than a fresh clip");
        Assert.Equal(pruned.Take(10).ToArray(), pruned.Skip(10 * (repeats - 1)).ToArray());
    }

    [Fact]
    public void NoQueriesFindNothing()
    {
        using var references = torch.zeros(new long[] { 3, 4, 8, 8, 3 }, ScalarType.Byte);
        using var search = new NearestClipSearch(references);
        Assert.Empty(search.Find(Array.Empty<Vidgan.Media.Clip>()));
    }
}
