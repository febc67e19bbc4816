using Vidgan.Runs;
using Vidgan.Tests.Support;

namespace Vidgan.Tests.Training;

public class TrainConfigFileTests
{
    [Fact]
    public void YamlAndJsonGiveTheSameSettings()
    {
        using var temp = new TempDir();
        File.WriteAllText(
            temp["a.yaml"],
            "loss: wgan-gp\nbatch: 8\nr1_gamma: 0.5\nmodel:\n  architecture: mocogan\n  generator_width: 24\n"
        );
        File.WriteAllText(
            temp["a.json"],
            """
            { "loss": "wgan-gp", "batch": 8, "r1_gamma": 0.5,
              "model": { "architecture": "mocogan", "generator_width": 24 } }
            """
        );
        foreach (
            var c in new[] { TrainConfigFile.Load(temp["a.yaml"]), TrainConfigFile.Load(temp["a.json"]) }.Select(s =>
                TrainSettings.ToConfig(s)
            )
        )
        {
            Assert.Equal((GanLoss.WganGp, 8, 0.5), (c.Loss, c.Batch, c.R1Gamma));
            Assert.Equal(("mocogan", 24), (c.Model.Architecture, c.Model.GeneratorWidth));
            Assert.Equal(new TrainConfig().LearningRateG, c.LearningRateG);
        }
    }

    [Fact]
    public void TyposAndMissingFilesAreClearErrors()
    {
        using var temp = new TempDir();
        File.WriteAllText(temp["typo.json"], """{ "los": "hinge" }""");
        File.WriteAllText(temp["typo.yaml"], "bacth: 4\n");
        Assert.Equal(2, Assert.Throws<VidganException>(() => TrainConfigFile.Load(temp["typo.json"])).ExitCode);
        Assert.Equal(2, Assert.Throws<VidganException>(() => TrainConfigFile.Load(temp["typo.yaml"])).ExitCode);
        File.WriteAllText(temp["key.yaml"], "? [batch, loss]\n: 4\n");
        var listKey = Assert.Throws<VidganException>(() => TrainConfigFile.Load(temp["key.yaml"]));
        Assert.Equal(2, listKey.ExitCode);
        Assert.Contains("not a list", listKey.Message);
        Assert.Contains(
            "does not exist",
            Assert.Throws<VidganException>(() => TrainConfigFile.Load(temp["none.yaml"])).Message
        );
        File.WriteAllText(temp["c.toml"], "x = 1");
        Assert.Contains(
            "use a .json, .yaml or .yml file",
            Assert.Throws<VidganException>(() => TrainConfigFile.Load(temp["c.toml"])).Message
        );
    }

    [Theory]
    [InlineData(
        "top.json",
        """{ "learning_rate_d": 0.001, "batch": 8, "learning_rate_d": 0.003 }""",
        "learning_rate_d"
    )]
    [InlineData(
        "nested.json",
        """{ "model": { "architecture": "mocogan", "architecture": "resnet" } }""",
        "architecture"
    )]
    [InlineData("top.yaml", "batch: 8\nloss: hinge\nbatch: 4\n", "batch")]
    [InlineData("nested.yml", "model:\n  generator_width: 24\n  generator_width: 32\n", "generator_width")]
    public void AKeyGivenTwiceIsAClearErrorNamingIt(string file, string text, string key)
    {
        using var temp = new TempDir();
        File.WriteAllText(temp[file], text);
        var error = Assert.Throws<VidganException>(() => TrainConfigFile.Load(temp[file]));
        Assert.Equal(2, error.ExitCode);
        Assert.Contains(key, error.Message);
        Assert.StartsWith($"config file {temp[file]}: ", error.Message);
        Assert.DoesNotContain("\n", error.Message);
    }
}
