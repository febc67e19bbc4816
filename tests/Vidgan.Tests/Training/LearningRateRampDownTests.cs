using TorchSharp;
using Vidgan.Runs;
using Vidgan.Training;

namespace Vidgan.Tests.Training;

public class LearningRateRampDownTests
{
    [Fact]
    public void TheFactorHoldsThenFallsAlongAHalfCosineToZeroAtTheTarget()
    {
        Assert.Equal(1, LearningRateRampDown.Factor(0, 1000, 0.25));
        Assert.Equal(1, LearningRateRampDown.Factor(750, 1000, 0.25));
        Assert.Equal(0.5, LearningRateRampDown.Factor(875, 1000, 0.25), 12);
        Assert.Equal(0, LearningRateRampDown.Factor(1000, 1000, 0.25), 12);
        double before = 1;
        for (long step = 750; step <= 1000; step += 10)
        {
            double factor = LearningRateRampDown.Factor(step, 1000, 0.25);
            Assert.True(factor <= before, $"step {step}: {factor} after {before}");
            before = factor;
        }
    }

    [Fact]
    public void RunsWithoutARampDownOrAStepTargetKeepTheirLearningRate()
    {
        Assert.Equal(1, LearningRateRampDown.Factor(999, 1000, 0));
        Assert.Equal(1, LearningRateRampDown.Factor(999, null, 0.5));
    }

    [Fact]
    public void TheFactorReachesTheOptimizer()
    {
        var weight = torch.nn.Parameter(torch.ones(4));
        var optimizer = torch.optim.Adam([weight], 0.1);
        float StepAndRead()
        {
            optimizer.zero_grad();
            weight.sum().backward();
            optimizer.step();
            return weight.data<float>()[0];
        }

        LearningRateRampDown.Apply(optimizer, 0.1, 0);
        Assert.Equal(1f, StepAndRead());
        LearningRateRampDown.Apply(optimizer, 0.1, 0.5);
        Assert.Equal(0.95f, StepAndRead(), 4);
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.5)]
    public void ARampDownOutsideZeroToOneIsRejected(double fraction)
    {
        var error = Assert.Throws<VidganException>(() =>
            new TrainConfig { LearningRateRampDown = fraction }.Validate()
        );
        Assert.Contains("learning_rate_ramp_down", error.Message);
    }
}
