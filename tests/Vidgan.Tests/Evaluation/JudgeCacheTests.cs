using System.Security.Cryptography;
using Vidgan.Data;
using Vidgan.Evaluation;
using Vidgan.Library;
using Vidgan.Models;
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
            var (first, source) = Judge.LoadOrTrain(lib, train, CPU, steps: 2);
            first.Dispose();
            Assert.Equal(JudgeSource.TrainedNow, source);
        }
        using (var train = TrainingSet.Load(lib, set, Split.Train, conditional: true))
        {
            var (again, source) = Judge.LoadOrTrain(lib, train, CPU, steps: 2);
            again.Dispose();
            Assert.Equal(JudgeSource.Cached, source);
        }

        // Triangles, ingested later under the same settings and so into the same clip set.
        TinyData.Shapes(temp["more"], perClass: 2, classes: 3, seed: 2);
        foreach (string file in Directory.GetFiles(temp["more"]).Where(f => !f.Contains("triangle")))
            File.Delete(file);
        new Ingestor(lib, TinyData.Ingest16).Run(temp["more"]);
        Assert.Equal(set.Key, lib.Catalog.ClipSets().Single().Key);

        using (var train = TrainingSet.Load(lib, set, Split.Train, conditional: true))
        {
            var (judge, source) = Judge.LoadOrTrain(lib, train, CPU, steps: 2);
            using var _ = judge;
            Assert.Equal(JudgeSource.TrainedNow, source);
            Assert.Equal(new[] { "circle", "square", "triangle" }, judge.Classes);
        }
        Assert.Equal(2, Directory.GetFiles(lib.JudgesFolder).Length);
    }

    [Fact]
    public void AnEncryptedLibraryReadsItsPlainJudgeThenEncryptsItAndWritesNewOnesEncrypted()
    {
        using var temp = new TempDir();
        Tensor before;
        using (var plain = TinyData.IngestedLibrary(temp, perClass: 2, classes: 2))
        using (var train = TrainingSet.Load(plain, plain.Catalog.ClipSets().Single(), Split.Train, true))
        {
            using var judge = Judge.LoadOrTrain(plain, train, CPU, steps: 2).Judge;
            before = judge.Apply(ClipTensors.FromBytes(train.Clips)).Probabilities;
        }
        var key = new LibraryKey(RandomNumberGenerator.GetBytes(32), null);
        LibraryEncryption.CreateKeyring(temp["lib"], key);
        using var lib = VidganLibrary.Open(temp["lib"], create: false, key: key);
        using var set = TrainingSet.Load(lib, lib.Catalog.ClipSets().Single(), Split.Train, conditional: true);
        string path = Directory.GetFiles(lib.JudgesFolder).Single();

        var (plainJudge, plainSource) = Judge.LoadOrTrain(lib, set, CPU, steps: 2);
        plainJudge.Dispose();
        Assert.Equal(JudgeSource.Cached, plainSource);
        Assert.Equal(1, Judge.EncryptCached(lib));
        Assert.True(LibraryCipher.IsEncrypted(path));
        Assert.Equal(0, Judge.EncryptCached(lib));
        var (cached, source) = Judge.LoadOrTrain(lib, set, CPU, steps: 2);
        using (cached)
        {
            Assert.Equal(JudgeSource.Cached, source);
            Assert.True(before.eq(cached.Apply(ClipTensors.FromBytes(set.Clips)).Probabilities).all().item<bool>());
        }

        Judge.LoadOrTrain(lib, set, CPU, steps: 3).Judge.Dispose();
        Assert.All(Directory.GetFiles(lib.JudgesFolder), f => Assert.True(LibraryCipher.IsEncrypted(f), f));
        Assert.Throws<VidganException>(() => Judge.Load(path, CPU));
    }

    [Fact]
    public void AJudgeShippedForTheseClipsIsUsedWithoutTrainingAndOnlyForThem()
    {
        using var temp = new TempDir();
        using var lib = TinyData.IngestedLibrary(temp, perClass: 2, classes: 2);
        using var train = TrainingSet.Load(lib, lib.Catalog.ClipSets().Single(), Split.Train, conditional: true);
        // Made elsewhere on the same clips, as the shipped ones are.
        using (var made = Judge.Train(train, CPU, steps: 2))
            made.Save(temp["made.vgjudge"]);
        string name = Path.GetFileName(Judge.CachePath(lib, train, steps: 2));
        Stream? Shipped(string file) => file == name ? File.OpenRead(temp["made.vgjudge"]) : null;

        var (judge, source) = Judge.LoadOrTrain(lib, train, CPU, steps: 2, shipped: Shipped);
        using (judge)
        {
            Assert.Equal(JudgeSource.Shipped, source);
            using var expected = Judge.Load(temp["made.vgjudge"], CPU);
            var clips = ClipTensors.FromBytes(train.Clips);
            Assert.True(expected.Apply(clips).Features.eq(judge.Apply(clips).Features).all().item<bool>());
        }
        Assert.False(Directory.Exists(lib.JudgesFolder));

        var (other, otherSource) = Judge.LoadOrTrain(lib, train, CPU, steps: 3, shipped: Shipped);
        other.Dispose();
        Assert.Equal(JudgeSource.TrainedNow, otherSource);
    }

    [Fact]
    public void EveryShippedJudgeLoads()
    {
        Assert.NotEmpty(ShippedJudge.Names);
        foreach (string name in ShippedJudge.Names)
        {
            using var stream = ShippedJudge.Open(name)!;
            using var judge = Judge.Load(stream, name, CPU);
            Assert.Equal(new[] { "circle", "square", "triangle" }, judge.Classes);
        }
    }
}
