using System.Diagnostics;
using Vidgan.Data;
using Vidgan.Generation;
using Vidgan.Library;
using Vidgan.Media;
using Vidgan.Models;
using Vidgan.Runs;
using static TorchSharp.torch;

namespace Vidgan.Bench;

/// <summary>Generation end to end (sample, score, nearest-training-clip check, MP4 encode, library record) against
/// the generator's forward passes alone, for the same clips in one run.</summary>
public static class GenerationBench
{
    public static void Run(BenchArgs a)
    {
        int count = a.Get("--count", 256),
            size = a.Get("--size", 32);
        string arch = a.Get("--arch", new ModelConfig().Architecture);
        string work = Directory.CreateTempSubdirectory("vidgan-bench-gen-").FullName;
        try
        {
            using var lib = BenchData.DemoShapes(work, size: size);
            var set = TrainingSet.SelectClipSet(lib, size, 16);
            using var data = TrainingSet.Load(lib, set, Split.Train, conditional: true);
            var config = BenchData.Defaults(set, data.ClassNames, lib.Root, new ModelConfig { Architecture = arch });
            var run = new RunDirectory(Path.Combine(work, "run"));
            using (var models = new GanModels(config.Model, CPU))
                Checkpoint.Save(run.CheckpointPath(1), config, 1, 16, models, null, null);

            using var sampleModels = new GanModels(config.Model, CPU);
            Checkpoint.Load(run.CheckpointPath(1), sampleModels);
            var seeds = Enumerable.Range(0, count).Select(i => 1000L + i).ToArray();
            var classes = Enumerable.Range(0, count).Select(i => i % data.ClassNames.Count).ToArray();
            ClipSampler.Sample(sampleModels.GeneratorEma, config.Model, CPU, seeds, classes).Dispose();
            var clock = Stopwatch.StartNew();
            ClipSampler.Sample(sampleModels.GeneratorEma, config.Model, CPU, seeds, classes).Dispose();
            double generatorOnly = clock.Elapsed.TotalSeconds;
            var byBatch = new List<(int Batch, double Seconds)>();
            foreach (
                int batch in a.Get("--batches", "").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse)
            )
            {
                clock.Restart();
                ClipSampler
                    .Sample(sampleModels.GeneratorEma, config.Model, CPU, seeds, classes, batch: batch)
                    .Dispose();
                byBatch.Add((batch, clock.Elapsed.TotalSeconds));
            }

            clock.Restart();
            var result = new GenerationService(lib, CPU).Run(
                new GenerateOptions
                {
                    RunDir = run.Root,
                    Count = count,
                    Seed = 1000,
                    Format = VideoFormat.Mp4,
                    OutDir = Path.Combine(work, "out"),
                }
            );
            double endToEnd = clock.Elapsed.TotalSeconds;
            if (result.Clips.Count(c => c.Kept) != count)
                throw new InvalidOperationException("not every clip was kept");

            var report = a.Report("Generation throughput", a.Get("--file", "generation.md"));
            report.Line(
                $"{count} clips of 3×16×{size}×{size} from an untrained {arch} generator (speed does not depend "
                    + $"on the weights), batch {ClipSampler.BatchSize(16, size, size, CPU)}, CPU. "
                    + "End to end = `vidgan generate`'s work: sampling, discriminator scores, nearest training "
                    + "clip for each clip, "
                    + "watermarking, MP4 encoding (24 clips per FFmpeg process), signing Content Credentials and "
                    + "the library records."
            );
            report.Line();
            report.Line("| stage | seconds | clips/s |");
            report.Line("| --- | --- | --- |");
            report.Line($"| generator forward passes only | {generatorOnly:0.00} | {count / generatorOnly:0.0} |");
            report.Line($"| end to end, MP4 files in the library | {endToEnd:0.00} | {count / endToEnd:0.0} |");
            foreach (var (name, seconds) in result.StageSeconds)
                report.Line($"| … of which {name} | {seconds:0.00} | {count / Math.Max(seconds, 1e-9):0.0} |");
            if (byBatch.Count > 0)
            {
                report.Line();
                report.Line("Generator forward passes only, by clips per forward pass (the same clips, one run):");
                report.Line();
                report.Line("| batch | seconds | clips/s |");
                report.Line("| --- | --- | --- |");
                foreach (var (batch, seconds) in byBatch)
                    report.Line($"| {batch} | {seconds:0.00} | {count / seconds:0.0} |");
            }
            report.Line();
            report.Line(
                $"End to end runs at **{generatorOnly / endToEnd:P0}** of the generator-only rate "
                    + $"({endToEnd / generatorOnly:0.0}× its time)."
            );
            double trust =
                result.StageSeconds.GetValueOrDefault("watermarking")
                + result.StageSeconds.GetValueOrDefault("signing");
            report.Line();
            report.Line(
                $"Trust (the invisible watermark, then the C2PA manifest signed into each file) costs **{trust:0.00} s "
                    + $"of {endToEnd:0.00} s ({trust / endToEnd:P0})**, {trust / count * 1000:0.0} ms per clip; the "
                    + "metadata label is an FFmpeg option inside encoding."
            );
            report.Save();
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }
}
