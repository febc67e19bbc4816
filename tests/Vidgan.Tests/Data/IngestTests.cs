using Vidgan.Data;
using Vidgan.Library;
using Vidgan.Media;
using Vidgan.Tests.Support;

namespace Vidgan.Tests.Data;

public class IngestTests
{
    [Fact]
    public void IngestLabelsSplitsByVideoAndCountsClips()
    {
        using var temp = new TempDir();
        TinyData.Shapes(temp["data"], perClass: 4, classes: 2);
        using var lib = VidganLibrary.Open(temp["lib"], create: true);
        var report = new Ingestor(lib, TinyData.Ingest16).Run(temp["data"]);
        Assert.Equal(8, report.Added);
        Assert.Equal(new[] { "circle", "square" }, report.Classes.Select(c => c.Class));
        Assert.All(report.Classes, c => Assert.Equal(4, c.Videos));
        // 16 frames at 8 fps cut into 8-frame clips: two per video.
        Assert.Equal(16, report.Classes.Sum(c => c.TrainClips + c.TestClips));
        var clips = lib.Catalog.Clips(report.ClipSet.Id);
        Assert.All(clips.GroupBy(c => c.AssetId), g => Assert.Single(g.Select(c => c.Split).Distinct()));
        Assert.All(clips, c => Assert.Equal(lib.Catalog.GetAsset(c.AssetId)!.Class, c.Class));
    }

    [Fact]
    public void ReingestHitsTheCacheAndDecodesNothing()
    {
        using var temp = new TempDir();
        TinyData.Shapes(temp["data"], perClass: 2, classes: 2);
        using var lib = VidganLibrary.Open(temp["lib"], create: true);
        var first = new Ingestor(lib, TinyData.Ingest16).Run(temp["data"]);
        var second = new Ingestor(lib, TinyData.Ingest16).Run(temp["data"]);
        Assert.Equal((4, 0), (first.Decoded, first.FromCache));
        Assert.Equal((0, 4, 0, 4), (second.Decoded, second.FromCache, second.Added, second.AlreadyPresent));
        Assert.Equal(lib.Catalog.Clips(first.ClipSet.Id).Count, lib.Catalog.Clips(second.ClipSet.Id).Count);
        // Other preprocessing settings are another cache key: those videos are decoded again.
        var third = new Ingestor(lib, TinyData.Ingest16 with { Size = 8 }).Run(temp["data"]);
        Assert.Equal(4, third.Decoded);
    }

    [Fact]
    public void ManyFilesIngestAndReingestWithoutRaces()
    {
        // Hashing and probing run in parallel; the catalog must only be touched from one thread (it once was not,
        // and re-ingesting many files crashed inside SQLite now and then).
        using var temp = new TempDir();
        TinyData.Shapes(temp["data"], perClass: 12, classes: 3);
        using var lib = VidganLibrary.Open(temp["lib"], create: true);
        Assert.Equal(36, new Ingestor(lib, TinyData.Ingest16).Run(temp["data"]).Added);
        for (int round = 0; round < 5; round++)
            Assert.Equal(36, new Ingestor(lib, TinyData.Ingest16).Run(temp["data"]).AlreadyPresent);
    }

    [Fact]
    public void BadFilesAreSkippedWithReasonsAndTheRestIsIngested()
    {
        using var temp = new TempDir();
        TinyData.Shapes(temp["data"], perClass: 2, classes: 1);
        File.WriteAllBytes(temp["data/circle_9.mp4"], Array.Empty<byte>());
        File.WriteAllText(temp["data/circle_10.mp4"], "garbage");
        File.WriteAllText(temp["data/readme.txt"], "notes");
        File.Copy(temp["data/circle_1.mp4"], temp["data/circle_11.mp4"]);
        VideoEncoder.Encode(ShapesDataset.Render("circle", 32, 4, 8, 5), temp["data/circle_12.mp4"], VideoFormat.Mp4);
        Directory.CreateDirectory(temp["data/odd name ü"]);
        File.Copy(temp["data/circle_2.mp4"], temp["data/odd name ü/circle 'quoted' $x_13.mp4"]);
        File.AppendAllText(temp["data/odd name ü/circle 'quoted' $x_13.mp4"], "x");
        using var lib = VidganLibrary.Open(temp["lib"], create: true);
        var report = new Ingestor(lib, TinyData.Ingest16).Run(temp["data"]);
        var reasons = report.Skipped.ToDictionary(s => Path.GetFileName(s.Path), s => s.Reason);
        Assert.Equal("empty file (0 bytes)", reasons["circle_9.mp4"]);
        Assert.StartsWith("not a readable video", reasons["circle_10.mp4"]);
        Assert.StartsWith("no class in the file name", reasons["readme.txt"]);
        Assert.StartsWith("same bytes as", reasons["circle_11.mp4"]);
        Assert.StartsWith("shorter than one clip", reasons["circle_12.mp4"]);
        Assert.Equal(5, reasons.Count);
        Assert.Equal(3, report.Added);
    }

    [Fact]
    public void EmptyOrMissingFolderIsAnError()
    {
        using var temp = new TempDir();
        Directory.CreateDirectory(temp["empty"]);
        using var lib = VidganLibrary.Open(temp["lib"], create: true);
        Assert.Contains(
            "no files found",
            Assert.Throws<VidganException>(() => new Ingestor(lib, TinyData.Ingest16).Run(temp["empty"])).Message
        );
        Assert.Contains(
            "does not exist",
            Assert.Throws<VidganException>(() => new Ingestor(lib, TinyData.Ingest16).Run(temp["nope"])).Message
        );
    }

    [Fact]
    public void TrainingSetIsBuiltFromTheCacheWithClassIndices()
    {
        using var temp = new TempDir();
        using var lib = TinyData.IngestedLibrary(temp, perClass: 3, classes: 2);
        var set = TrainingSet.SelectClipSet(lib, 16, 8);
        using var train = TrainingSet.Load(lib, set, Split.Train, conditional: true);
        Assert.Equal(new[] { "circle", "square" }, train.ClassNames);
        Assert.Equal(new long[] { train.Count, 8, 16, 16, 3 }, train.Clips.shape);
        Assert.All(train.ClassIndices, i => Assert.InRange(i, 0, 1));
        Assert.Contains(
            "no clips ingested at 64",
            Assert.Throws<VidganException>(() => TrainingSet.SelectClipSet(lib, 64, null)).Message
        );
    }
}
