using Vidgan.Models;
using Vidgan.Tests.Support;
using static TorchSharp.torch;

namespace Vidgan.Tests.Models;

public class InitTests
{
    static ModelConfig Config(string architecture, DiscriminatorKind discriminator) =>
        TinyData.TrainConfig(["a", "b"], "k").Model with
        {
            Architecture = architecture,
            Discriminator = discriminator,
        };

    static IEnumerable<(string Name, Tensor Value)> Weights(GanModels m) =>
        new nn.Module[] { m.Generator, m.VideoDiscriminator, m.ImageDiscriminator }
            .SelectMany(n => n.named_parameters())
            .Where(p => !p.name.EndsWith("bias"))
            .Select(p => (p.name, (Tensor)p.parameter));

    [Theory]
    [InlineData("resnet", DiscriminatorKind.Conv)]
    [InlineData("layered", DiscriminatorKind.Resnet)]
    [InlineData("mocogan", DiscriminatorKind.Conv)]
    public void NetworksBuiltForReplacedWeightsHoldEachDrawsMeanWhereOthersAreDrawn(
        string architecture,
        DiscriminatorKind discriminator
    )
    {
        var config = Config(architecture, discriminator);
        using var replaced = Init.ForReplacedWeights(() => new GanModels(config, CPU));
        using var drawn = new GanModels(config, CPU);

        var pairs = Weights(replaced).Zip(Weights(drawn)).ToArray();
        Assert.True(pairs.Length > 10);
        foreach (var ((name, kept), (_, fresh)) in pairs)
        {
            double low = kept.min().item<float>(),
                high = kept.max().item<float>();
            Assert.True(low == high && (low == 0 || low == 1), $"{name} spans {low}..{high}");
            if (fresh.numel() > 4 && !name.Contains(".shift."))
                Assert.True(fresh.std().item<float>() > 1e-3, $"{name} was not drawn outside the scope");
        }
    }

    [Fact]
    public void TheScopeEndsWhenItsBuildThrows()
    {
        var config = Config("resnet", DiscriminatorKind.Conv);
        Assert.Throws<InvalidOperationException>(() =>
            Init.ForReplacedWeights<int>(() => throw new InvalidOperationException("build failed"))
        );
        using var after = new VideoDiscriminator(config);
        var weight = after.named_parameters().First(p => !p.name.EndsWith("bias")).parameter;
        Assert.True(weight.std().item<float>() > 1e-3);
    }
}
