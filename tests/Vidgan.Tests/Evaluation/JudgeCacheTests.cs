using Vidgan.Data;
using Vidgan.Evaluation;
using Vidgan.Library;
using Vidgan.Tests.Support;
using static TorchSharp.torch;

namespace Vidgan.Tests.Evaluation;

public class JudgeCacheTests
{
    [Fact]
    public void TheCachedJudgeIsReusedForTheSameClipsAndRetrainedOnceMoreClassesAreIngested()
    {
        using var temp = new TempDir();
        using var lib = TinyData.IngestedLibrary(temp, perClass: 2, classes: 2);
        var set = lib.Catalog.ClipSets().Single();

        using (var train = TrainingSet.Load(lib, set, Split.Train, conditional: true))
        {
            var (first, trained) = Judge.LoadOrTrain(lib.Root, train, CPU, steps: 2);
            first.Dispose();
            Assert.True(trained);
        }
        using (var train = TrainingSet.Load(lib, set, Split.Train, conditional: true))
        {
            var (again, trained) = Judge.LoadOrTrain(lib.Root, train, CPU, steps: 2);
            again.Dispose();
            Assert.False(trained);
        }

        // Triangles, ingested later under the same settings and so into the same clip set.
        TinyData.Shapes(temp["more"], perClass: 2, classes: 3, seed: 2);
        foreach (string file in Directory.GetFiles(temp["more"]).Where(f => !f.Contains("triangle")))
            File.Delete(file);
        new Ingestor(lib, TinyData.Ingest16).Run(temp["more"]);
        Assert.Equal(set.Key, lib.Catalog.ClipSets().Single().Key);

        using (var train = TrainingSet.Load(lib, set, Split.Train, conditional: true))
        {
            var (judge, trained) = Judge.LoadOrTrain(lib.Root, train, CPU, steps: 2);
            using var _ = judge;
            Assert.True(trained);
            Assert.Equal(new[] { "circle", "square", "triangle" }, judge.Classes);
        }
        Assert.Equal(2, Directory.GetFiles(Path.Combine(lib.Root, "judges")).Length);
    }
}
