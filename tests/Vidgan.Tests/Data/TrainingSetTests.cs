using Vidgan.Data;
using Vidgan.Library;
using Vidgan.Tests.Support;
using static TorchSharp.torch;

namespace Vidgan.Tests.Data;

public class TrainingSetTests
{
    static double ShareOfClass(Tensor classes, long c) =>
        classes.eq(c).to_type(ScalarType.Float64).mean().item<double>();

    /// <summary>A library of shape videos, four per class but one square.</summary>
    static VidganLibrary OneSquareVideo(TempDir temp, int classes)
    {
        var videos = TinyData.Shapes(temp["data"], perClass: 4, classes: classes);
        foreach (string video in videos.Where(v => v.Contains("square")).Skip(1))
            File.Delete(video);
        var lib = VidganLibrary.Open(temp["lib"], create: true);
        new Ingestor(lib, TinyData.Ingest16 with { TestFraction = 0 }).Run(temp["data"]);
        return lib;
    }

    [Fact]
    public void BalancedBatchesDrawEachClassAlikeWhereThePlainBatchFollowsTheClipCounts()
    {
        using var temp = new TempDir();
        using var lib = OneSquareVideo(temp, classes: 2);
        using var train = TrainingSet.Load(lib, TrainingSet.SelectClipSet(lib, 16, 8), Split.Train, conditional: true);
        long square = train.ClassNames.ToList().IndexOf("square");
        double squareClips = train.ClassIndices.Average(c => c == square ? 1.0 : 0.0);
        Assert.InRange(squareClips, 0.1, 0.3);

        var (plainClips, plain) = train.Batch(new Random(1), 400, CPU, flip: false);
        var (balancedClips, balanced) = train.BalancedBatch(new Random(1), 400, CPU, flip: false);

        Assert.InRange(ShareOfClass(plain, square), squareClips - 0.08, squareClips + 0.08);
        Assert.InRange(ShareOfClass(balanced, square), 0.42, 0.58);
        Assert.Equal(plainClips.shape, balancedClips.shape);
        // Each clip drawn keeps its own label: a balanced batch's first clip is the training clip of its class.
        var first = balancedClips.narrow(0, 0, 1);
        bool found = Enumerable
            .Range(0, train.Count)
            .Where(i => train.ClassIndices[i] == balanced[0].item<long>())
            .Any(i =>
            {
                using var clip = Vidgan.Models.ClipTensors.FromBytes(train.Clips.narrow(0, i, 1));
                return clip.allclose(first);
            });
        Assert.True(found);
    }

    [Fact]
    public void StratifiedBatchesHoldEveryClassInTurnWhateverTheClipCounts()
    {
        using var temp = new TempDir();
        using var lib = OneSquareVideo(temp, classes: 3);
        using var train = TrainingSet.Load(lib, TrainingSet.SelectClipSet(lib, 16, 8), Split.Train, conditional: true);
        Assert.Equal(3, train.ClassNames.Count);

        var rng = new Random(3);
        var firstClasses = new HashSet<long>();
        for (int b = 0; b < 12; b++)
        {
            var (clips, classes) = train.StratifiedBatch(rng, 7, CPU, flip: false);
            var drawn = classes.data<long>().ToArray();
            Assert.Equal(7, clips.shape[0]);
            // Classes follow each other in a fixed cycle, so a batch of 7 holds 3, 2 and 2 of them.
            for (int i = 3; i < drawn.Length; i++)
                Assert.Equal(drawn[i - 3], drawn[i]);
            Assert.Equal(3, drawn.Distinct().Count());
            firstClasses.Add(drawn[0]);
        }
        Assert.Equal(3, firstClasses.Count);
    }
}
