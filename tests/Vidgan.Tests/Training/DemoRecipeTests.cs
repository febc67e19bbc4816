using Vidgan.Runs;
using Vidgan.Training;

namespace Vidgan.Tests.Training;

/// <summary>The demo's training settings are real settings: they read into a valid config with the faster learning
/// rates, their ramp-down, a longer EMA, stratified batches, a plain background and the half-size video discriminator
/// for the layered model, and other architectures keep the general defaults.</summary>
public class DemoRecipeTests
{
    [Fact]
    public void LayeredGetsTheFasterLearningRatesTheHalfSizeVideoJudgeAndTheShorterBudget()
    {
        var config = TrainSettings.ToConfig(DemoRecipe.Settings("layered", 3, "fp32"));
        config.Validate();
        Assert.Equal("layered", config.Model.Architecture);
        Assert.Equal(3, config.Seed);
        Assert.True(config.LearningRateG > new TrainConfig().LearningRateG);
        Assert.True(config.LearningRateD > new TrainConfig().LearningRateD);
        Assert.Equal(0, config.Beta1);
        Assert.Equal(2, config.Model.VideoDownsample);
        Assert.InRange(config.LearningRateRampDown, 0.01, 1);
        Assert.True(config.EmaRampup > new TrainConfig().EmaRampup);
        Assert.True(config.StratifiedBatches);
        Assert.True(config.Model.PlainBackground);
        Assert.True(DemoRecipe.StepsFor("layered") < DemoRecipe.StepsFor("mocogan"));
    }

    [Fact]
    public void OtherArchitecturesKeepTheGeneralDefaults()
    {
        var config = TrainSettings.ToConfig(DemoRecipe.Settings("mocogan", 1, "fp32"));
        var defaults = new TrainConfig();
        Assert.Equal("mocogan", config.Model.Architecture);
        Assert.Equal(defaults.LearningRateG, config.LearningRateG);
        Assert.Equal(defaults.LearningRateD, config.LearningRateD);
        Assert.Equal(defaults.Beta1, config.Beta1);
        Assert.Equal(defaults.Beta2, config.Beta2);
        Assert.Equal(0, config.LearningRateRampDown);
        Assert.Equal(defaults.EmaRampup, config.EmaRampup);
        Assert.False(config.StratifiedBatches);
        Assert.False(config.Model.PlainBackground);
        Assert.Equal(1, config.Model.VideoDownsample);
    }
}
