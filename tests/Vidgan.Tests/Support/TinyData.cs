using Vidgan.Data;
using Vidgan.Library;
using Vidgan.Models;
using Vidgan.Runs;

namespace Vidgan.Tests.Support;

/// <summary>Small procedural datasets for tests: real MP4 files, ingested at 16×16×8.</summary>
public static class TinyData
{
    public static IReadOnlyList<string> Shapes(
        string dir,
        int perClass = 3,
        int classes = 2,
        int frames = 16,
        int seed = 1
    ) =>
        ShapesDataset.Write(
            dir,
            new ShapesDataset.Options(perClass, Size: 32, Frames: frames, Seed: seed, Classes: classes)
        );

    public static IngestOptions Ingest16 => new(Size: 16, Frames: 8, TestFraction: 0.3);

    /// <summary>A library with a tiny ingested shapes set, ready to train on.</summary>
    public static VidganLibrary IngestedLibrary(
        TempDir temp,
        int perClass = 3,
        int classes = 2,
        double testFraction = 0.3
    )
    {
        Shapes(temp["data"], perClass, classes);
        var lib = VidganLibrary.Open(temp["lib"], create: true);
        new Ingestor(lib, Ingest16 with { TestFraction = testFraction }).Run(temp["data"]);
        return lib;
    }

    /// <summary>Training settings small enough for a test to run a few steps on <see cref="IngestedLibrary"/>'s
    /// clips.</summary>
    public static TrainConfig TrainConfig(IReadOnlyList<string> classes, string clipSetKey) =>
        new()
        {
            Model = new ModelConfig
            {
                Size = 16,
                Frames = 8,
                ZDim = 16,
                GeneratorWidth = 8,
                DiscriminatorWidth = 8,
                Classes = classes,
                ImageFrames = 2,
            },
            Batch = 4,
            SampleEvery = 1000,
            CheckpointEvery = 5,
            KeepCheckpoints = 2,
            ClipSetKey = clipSetKey,
            Seed = 3,
        };
}
