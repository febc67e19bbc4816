using System.Text.Json.Nodes;
using Vidgan.Library;
using Vidgan.Models;
using Vidgan.Runs;
using Vidgan.Tests.Support;
using Vidgan.Training;
using Vidgan.Util;
using static TorchSharp.torch;
using static Vidgan.Tests.Support.CliSteps;

namespace Vidgan.Tests.Training;

/// <summary>Conditioning per source video (setting 'model.condition_on_source', --per-source): one label per
/// training video, each within its class, and a class drawn as one of its videos per seed.</summary>
public class SourceConditioningTests
{
    static readonly SourceLabel[] FiveSources = [new(0, 10), new(1, 11), new(0, 12), new(1, 13), new(0, 14)];

    static ModelConfig PerSource(params SourceLabel[] sources) =>
        new()
        {
            Classes = ["a", "b"],
            Condition = Condition.Class,
            ConditionOnSource = true,
            Sources = sources,
        };

    [Fact]
    public void ConsecutiveSeedsGoRoundAClassesSourcesAndNeverLeaveTheClass()
    {
        var model = PerSource(FiveSources);
        Assert.Equal(5, model.NumLabels);
        Assert.Equal([0, 2, 4, 0, 2, 4], Enumerable.Range(0, 6).Select(seed => model.Label(0, seed)));
        Assert.Equal([1, 3, 1, 3], Enumerable.Range(100, 4).Select(seed => model.Label(1, seed)));
        Assert.Equal([2, 3], model.Labels([0, 1], [1, 1]));

        var perClass = new ModelConfig { Classes = ["a", "b"], Condition = Condition.Class };
        Assert.Equal((2, 1), (perClass.NumLabels, perClass.Label(1, seed: 7)));

        var onlyA = PerSource(new SourceLabel(0, 10));
        var error = Assert.Throws<VidganException>(() => onlyA.Label(1, 0));
        Assert.Contains("no source videos for class b", error.Message);
    }

    [Fact]
    public void SourceConditioningNeedsClassConditioningAndSourcesOfTheModelsClasses()
    {
        var none = new ModelConfig { ConditionOnSource = true };
        Assert.Contains("model.condition_on_source", Assert.Throws<VidganException>(none.Validate).Message);
        var stray = PerSource(new SourceLabel(0, 10), new SourceLabel(2, 11));
        Assert.Contains("model.sources", Assert.Throws<VidganException>(stray.Validate).Message);
        PerSource(FiveSources).Validate();
    }

    [Fact]
    public void EachTrainingClipIsLabelledWithItsOwnVideoAndAResumedRunRefusesNewVideos()
    {
        using var temp = new TempDir();
        using var lib = TinyData.IngestedLibrary(temp, perClass: 4);
        var settings = new JsonObject();
        TrainSettings.Set(settings, "model.condition_on_source", true);
        using var prepared = RunSetup.Prepare(lib, new TrainRequest { RunDir = temp["run"], Settings = settings }, CPU);
        var (model, data) = (prepared.Config.Model, prepared.Data);
        var videos = data.Records.Select(r => r.AssetId).Distinct().ToArray();
        Assert.Equal(videos.Length, model.Sources.Count);
        Assert.True(videos.Length > model.NumClasses, $"{videos.Length} videos, {model.NumClasses} classes");
        for (int i = 0; i < data.Count; i++)
            Assert.Equal(
                new SourceLabel((int)data.ClassIndices[i], data.Records[i].AssetId),
                model.Sources[(int)data.Labels[i]]
            );
        var (clips, labels) = data.Batch(new Random(1), 32, CPU, flip: false);
        using (clips)
        using (labels)
        {
            var drawn = labels.data<long>().ToArray();
            Assert.All(drawn, l => Assert.InRange(l, 0, videos.Length - 1));
            Assert.True(drawn.Distinct().Count() > model.NumClasses, string.Join(",", drawn));
        }
        var saved = Json.Deserialize<TrainConfig>(File.ReadAllText(prepared.Run.ConfigPath));
        Assert.Equal(model.Sources, saved.Model.Sources);

        var error = Assert.Throws<VidganException>(() => data.LabelBySource(model.Sources.Skip(1).ToArray()));
        Assert.Contains($"asset {model.Sources[0].Asset} are not among the source videos", error.Message);
    }

    [Fact]
    [Trait(Suites.Name, Suites.Cli)]
    public void APerSourceRunTrainsResumesAndGeneratesTheClassAskedFor()
    {
        using var temp = new TempDir();
        MakeShapes(temp.Path, perClass: 3, classes: 2, frames: 16);
        Ok(CliRunner.Run(temp.Path, "ingest", "data", "--size", "16", "--frames", "8", "--test-fraction", "0.3"));
        string[] train = ["train", "--run", "run", "--arch", "resnet", "--per-source", .. TinyModel];
        Ok(CliRunner.Run(temp.Path, [.. train, "--steps", "3"]));
        Ok(CliRunner.Run(temp.Path, [.. train, "--steps", "5", "--resume"]));
        var config = Json.Deserialize<TrainConfig>(File.ReadAllText(temp["run/config.json"]));
        using (var lib = VidganLibrary.Open(Path.Combine(temp.Path, VidganLibrary.DefaultFolder), create: false))
        {
            var trainVideos = lib
                .Catalog.Clips(lib.Catalog.ClipSets().Single().Id, Split.Train)
                .Select(c => c.AssetId)
                .Distinct();
            Assert.Equal(trainVideos.Order(), config.Model.Sources.Select(s => s.Asset).Order());
        }
        Ok(CliRunner.Run(temp.Path, "generate", "--run", "run", "--count", "4", "--class", "circle"));
        Assert.Equal(4, Directory.GetFiles(temp["run/generated"], "circle_*.mp4").Length);
    }
}
