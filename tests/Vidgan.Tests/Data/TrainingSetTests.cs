using Vidgan.Data;
using Vidgan.Library;
using Vidgan.Tests.Support;
using static TorchSharp.torch;

namespace Vidgan.Tests.Data;

public class TrainingSetTests
{
    static double ShareOfClass(Tensor classes, long c) =>
        classes.eq(c).to_type(ScalarType.Float64).mean().item<double>();

    [Fact]
    public void BalancedBatchesDrawEachClassAlikeWhereThePlainBatchFollowsTheClipCounts()
    {
        using var temp = new TempDir();
        var videos = TinyData.Shapes(temp["data"], perClass: 4, classes: 2);
        foreach (string video in videos.Where(v => v.Contains("square")).Skip(1))
            File.Delete(video);
        using var lib = VidganLibrary.Open(temp["lib"], create: true);
        new Ingestor(lib, TinyData.Ingest16 with { TestFraction = 0 }).Run(temp["data"]);
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
}
