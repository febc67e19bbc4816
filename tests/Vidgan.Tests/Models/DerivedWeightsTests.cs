using TorchSharp;
using Vidgan.Models;
using static TorchSharp.torch;

namespace Vidgan.Tests.Models;

/// <summary>Weights derived from parameters are made once inside a reuse scope without gradients, and afresh
/// everywhere else, so sampling and scoring loops skip the work and training never sees a stale weight.</summary>
public class DerivedWeightsTests
{
    static (Func<Tensor> Derive, Func<int> Calls) Counting(Tensor parameter)
    {
        int calls = 0;
        return (
            () =>
            {
                calls++;
                return parameter * 2;
            },
            () => calls
        );
    }

    static bool Identical(Tensor a, Tensor b) => a.shape.SequenceEqual(b.shape) && a.eq(b).all().item<bool>();

    [Fact]
    public void InsideAScopeWithoutGradientsEachWeightIsDerivedOnce()
    {
        var parameter = torch.ones(3);
        var (derive, calls) = Counting(parameter);
        using var _ = torch.no_grad();
        using (DerivedWeights.Reuse())
        {
            var first = DerivedWeights.Get(parameter, "double", derive);
            var second = DerivedWeights.Get(parameter, "double", derive);
            Assert.Equal(1, calls());
            Assert.Equal(2f, second[0].item<float>());
            Assert.Same(first, second);
            DerivedWeights.Get(parameter, "another kind", derive);
            Assert.Equal(2, calls());
        }
    }

    [Fact]
    public void OutsideAScopeOrWithGradientsEachCallDerives()
    {
        var parameter = torch.ones(3);
        var (derive, calls) = Counting(parameter);
        using (torch.no_grad())
        {
            DerivedWeights.Get(parameter, "double", derive);
            DerivedWeights.Get(parameter, "double", derive);
        }
        Assert.Equal(2, calls());
        using (DerivedWeights.Reuse())
        {
            DerivedWeights.Get(parameter, "double", derive);
            DerivedWeights.Get(parameter, "double", derive);
        }
        Assert.Equal(4, calls());
    }

    [Fact]
    public void ANestedScopeLeavesTheWeightsToTheOuterOneAndANewScopeDerivesAgain()
    {
        var parameter = torch.ones(3);
        var (derive, calls) = Counting(parameter);
        using var _ = torch.no_grad();
        using (DerivedWeights.Reuse())
        {
            DerivedWeights.Get(parameter, "double", derive);
            using (DerivedWeights.Reuse())
                DerivedWeights.Get(parameter, "double", derive);
            var kept = DerivedWeights.Get(parameter, "double", derive);
            Assert.Equal(1, calls());
            Assert.Equal(2f, kept[0].item<float>());
        }
        parameter.fill_(5);
        using (DerivedWeights.Reuse())
            Assert.Equal(10f, DerivedWeights.Get(parameter, "double", derive)[0].item<float>());
        Assert.Equal(2, calls());
    }

    [Fact]
    public void LayersGiveTheSameOutputsInsideAScopeAndFollowWeightsChangedBetweenScopes()
    {
        torch.manual_seed(8);
        var normalized = NormalizedLayer.Conv3d(4, 6, (3, 3), (1, 1), (1, 1), spectral: true);
        var upsampling = new UpsamplingConv(nn.Conv3d(4, 6, kernel_size: (1, 3, 3), padding: (0, 1, 1)), true);
        normalized.eval();
        var x = torch.randn(new long[] { 2, 4, 3, 5, 5 });
        using var _ = torch.no_grad();
        var plain = (normalized.call(x), upsampling.call(x));
        using (DerivedWeights.Reuse())
        {
            var reused = (normalized.call(x), normalized.call(x), upsampling.call(x), upsampling.call(x));
            Assert.True(Identical(reused.Item1, plain.Item1));
            Assert.True(Identical(reused.Item2, plain.Item1));
            Assert.True(Identical(reused.Item3, plain.Item2));
            Assert.True(Identical(reused.Item4, plain.Item2));
        }
        normalized.Weight.mul_(-1);
        upsampling.Weight.mul_(-1);
        using (DerivedWeights.Reuse())
        {
            var bias = normalized.parameters().ElementAt(1);
            Assert.True(normalized.call(x).allclose(2 * bias.view(1, -1, 1, 1, 1) - plain.Item1, atol: 1e-6));
            var upBias = upsampling.parameters().ElementAt(1);
            Assert.True(upsampling.call(x).allclose(2 * upBias.view(1, -1, 1, 1, 1) - plain.Item2, atol: 1e-6));
        }
    }
}
