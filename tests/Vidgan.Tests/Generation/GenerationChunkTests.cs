using Vidgan.Generation;
using Vidgan.Library;
using Vidgan.Tests.Support;
using static TorchSharp.torch;
using static Vidgan.Tests.Support.CliSteps;

namespace Vidgan.Tests.Generation;

/// <summary>Generation judges and writes clips a chunk at a time: a clip is the same whichever chunk it falls in,
/// and rules over all clips (top-k) still see all of them.</summary>
[Trait(Suites.Name, Suites.Cli)]
public class GenerationChunkTests : IClassFixture<GenerationChunkTests.Setup>
{
    public sealed class Setup : IDisposable
    {
        public TempDir Temp { get; } = new();

        public Setup()
        {
            MakeShapes(Temp.Path, perClass: 2, classes: 2, frames: 8);
            Ok(CliRunner.Run(Temp.Path, "ingest", "data", "--size", "16", "--frames", "8"));
            Ok(CliRunner.Run(Temp.Path, ["train", "--run", "run", "--arch", "dcgan3d", "--steps", "2", .. TinyModel]));
        }

        public GenerateReport Generate(int chunk, string outDir, CurationRules? rules = null)
        {
            using var lib = VidganLibrary.Open(Path.Combine(Temp.Path, VidganLibrary.DefaultFolder), create: false);
            return new GenerationService(lib, CPU).Run(
                new GenerateOptions
                {
                    RunDir = Temp["run"],
                    Count = 20,
                    Seed = 1,
                    OutDir = Temp[outDir],
                    AddToLibrary = false,
                    ChunkClips = chunk,
                    Curation = rules ?? new(),
                }
            );
        }

        public void Dispose() => Temp.Dispose();
    }

    readonly Setup s;

    public GenerationChunkTests(Setup setup) => s = setup;

    [Fact]
    public void ChunksOfEightGiveTheClipsScoresAndNearestClipsOfOneChunk()
    {
        var chunked = s.Generate(chunk: 8, "chunked");
        var whole = s.Generate(chunk: 256, "whole");
        Assert.Equal(20, chunked.Clips.Count);
        Assert.Equal(20, Directory.GetFiles(s.Temp["chunked"], "*.mp4").Length);
        Assert.Equal(whole.Clips.Select(c => c.ContentSha256), chunked.Clips.Select(c => c.ContentSha256));
        Assert.Equal(whole.Clips.Select(c => c.Class), chunked.Clips.Select(c => c.Class));
        Assert.Equal(whole.Clips.Select(c => c.NearestClipId), chunked.Clips.Select(c => c.NearestClipId));
        for (int i = 0; i < 20; i++)
        {
            Assert.Equal(whole.Clips[i].Score, chunked.Clips[i].Score, 5);
            Assert.Equal(whole.Clips[i].NearestTrainDistance!.Value, chunked.Clips[i].NearestTrainDistance!.Value, 5);
        }
        Assert.Equal(20, chunked.Clips.Select(c => c.ContentSha256).Distinct().Count());
    }

    [Fact]
    public void TopKChoosesAmongEveryChunk()
    {
        var report = s.Generate(chunk: 8, "top", new CurationRules(TopK: 5));
        var kept = report.Clips.Where(c => c.Kept).ToArray();
        Assert.Equal(5, kept.Length);
        Assert.True(kept.Min(c => c.Score) >= report.Clips.Where(c => !c.Kept).Max(c => c.Score));
        Assert.Equal(5, Directory.GetFiles(s.Temp["top"], "*.mp4").Length);
    }

    [Fact]
    public void AChunkOfNoClipsIsAUsageError()
    {
        var error = Assert.Throws<VidganException>(() => s.Generate(chunk: 0, "none"));
        Assert.Contains("chunk must hold at least 1 clip", error.Message);
    }
}
