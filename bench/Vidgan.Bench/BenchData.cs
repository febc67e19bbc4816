using Vidgan.Data;
using Vidgan.Library;
using Vidgan.Models;
using Vidgan.Runs;

namespace Vidgan.Bench;

/// <summary>Data and run settings shared by the benchmarks: the demo's shapes, and training configs with the
/// defaults `vidgan train` uses on labelled clips.</summary>
public static class BenchData
{
    /// <summary>The demo's data: 30 videos per shape class, ingested at 32×32×16 with stride 4.</summary>
    public static VidganLibrary DemoShapes(string work, int seed = 1, int size = 32, int frames = 16)
    {
        string data = Path.Combine(work, "shapes");
        if (!Directory.Exists(data))
            ShapesDataset.Write(data, new ShapesDataset.Options(30, Seed: seed));
        var lib = VidganLibrary.Open(Path.Combine(work, "library"), create: true);
        new Ingestor(lib, new IngestOptions(Size: size, Frames: frames, Stride: 4)).Run(data);
        return lib;
    }

    public static TrainConfig Defaults(
        ClipSet set,
        IReadOnlyList<string> classes,
        string library,
        ModelConfig? model = null
    ) =>
        new()
        {
            Model = (model ?? new ModelConfig()) with
            {
                Discriminator = ModelRegistry.DefaultDiscriminator((model ?? new ModelConfig()).Architecture),
                Size = set.Size,
                Frames = set.Frames,
                Classes = classes,
                AuxClassifierWeight = classes.Count >= 2 ? 1 : 0,
            },
            ClipSetKey = set.Key,
            Library = library,
            SampleEvery = 100_000,
            CheckpointEvery = 100_000,
        };
}
