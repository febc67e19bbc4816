using TorchSharp;
using Vidgan.Models;
using Vidgan.Runs;
using Vidgan.Training;

namespace Vidgan.Tests.Training;

public class LearningRateRampDownTests
{
    static double AtStep(long step, long? target, double fraction) =>
        LearningRateRampDown.Factor(LearningRateRampDown.Progress(step, target, TimeSpan.Zero, null), fraction);

    static double AtMinute(double minutes, double budgetMinutes, double fraction) =>
        LearningRateRampDown.Factor(
            LearningRateRampDown.Progress(0, null, TimeSpan.FromMinutes(minutes), TimeSpan.FromMinutes(budgetMinutes)),
            fraction
        );

    [Fact]
    public void TheFactorHoldsThenFallsAlongAHalfCosineToZeroAtTheTarget()
    {
        Assert.Equal(1, AtStep(0, 1000, 0.25));
        Assert.Equal(1, AtStep(750, 1000, 0.25));
        Assert.Equal(0.5, AtStep(875, 1000, 0.25), 12);
        Assert.Equal(0, AtStep(1000, 1000, 0.25), 12);
        double before = 1;
        for (long step = 750; step <= 1000; step += 10)
        {
            double factor = AtStep(step, 1000, 0.25);
            Assert.True(factor <= before, $"step {step}: {factor} after {before}");
            before = factor;
        }
    }

    [Fact]
    public void ATimeBudgetRampsDownOverItsLastPart()
    {
        Assert.Equal(1, AtMinute(20, 30, 0.3));
        Assert.Equal(1, AtMinute(21, 30, 0.3), 12);
        Assert.Equal(0.5, AtMinute(25.5, 30, 0.3), 12);
        Assert.Equal(0, AtMinute(30, 30, 0.3), 12);
        Assert.Equal(0, AtMinute(31, 30, 0.3), 12);
    }

    [Fact]
    public void WithBothAStepTargetAndABudgetTheOneThatEndsTheRunFirstRampsItDown()
    {
        double byTime = LearningRateRampDown.Progress(100, 1000, TimeSpan.FromMinutes(9), TimeSpan.FromMinutes(10));
        double bySteps = LearningRateRampDown.Progress(900, 1000, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(10));
        Assert.Equal(0.9, byTime, 12);
        Assert.Equal(0.9, bySteps, 12);
    }

    [Fact]
    public void RunsWithoutARampDownOrAnEndKeepTheirLearningRate()
    {
        Assert.Equal(1, AtStep(999, 1000, 0));
        Assert.Equal(1, AtStep(999, null, 0.5));
        Assert.Equal(1, AtMinute(29, 30, 0));
    }

    [Fact]
    public void TheFactorReachesTheOptimizer()
    {
        var weight = torch.nn.Parameter(torch.ones(4));
        var optimizer = new ScalarSafe.Adam([weight], 0.1, 0.9, 0.999);
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
