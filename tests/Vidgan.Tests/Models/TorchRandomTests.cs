using TorchSharp;
using Vidgan.Models;
using Vidgan.Tests.Support;
using static TorchSharp.torch;

namespace Vidgan.Tests.Models;

[Collection(GlobalTorchGenerator.Name)]
public class TorchRandomTests
{
    [Fact]
    public void ARunsOwnGeneratorDrawsWhatTorchsGeneratorSeededAlikeDraws()
    {
        torch.manual_seed(9);
        using var normal = torch.randn(new long[] { 3, 5 });
        using var uniform = torch.rand(new long[] { 4 }, dtype: ScalarType.BFloat16);
        using var integers = torch.randint(2, 7, new long[] { 6 });

        using var own = TorchRandom.Own(9);
        using (TorchRandom.Use(own))
        {
            Assert.Same(own, TorchRandom.Current);
            Assert.True(normal.equal(TorchRandom.Normal([3, 5])).all().item<bool>());
            Assert.True(uniform.equal(TorchRandom.Uniform([4], ScalarType.BFloat16)).all().item<bool>());
            Assert.True(integers.equal(TorchRandom.Integers(2, 7, [6])).all().item<bool>());
        }
        Assert.Null(TorchRandom.Current);
    }

    [Fact]
    public async Task ABuildWaitsWhileASeededBuildHoldsTorchsGenerator()
    {
        using var seededEntered = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        bool otherBuilt = false;
        var seeded = Task.Run(() =>
            TorchRandom.Seeded(
                4,
                () =>
                {
                    seededEntered.Set();
                    release.Wait();
                    return torch.randn(new long[] { 8 });
                }
            )
        );
        seededEntered.Wait();
        var other = Task.Run(() => TorchRandom.Build(() => otherBuilt = true));
        Assert.NotSame(other, await Task.WhenAny(other, Task.Delay(300)));
        Assert.False(otherBuilt);
        release.Set();
        Assert.True(await other.WaitAsync(TimeSpan.FromMinutes(1)));
        using var drawn = await seeded;
        torch.manual_seed(4);
        using var expected = torch.randn(new long[] { 8 });
        Assert.True(expected.equal(drawn).all().item<bool>());
    }
}
