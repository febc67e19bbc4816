using System.Diagnostics;
using Vidgan.Data;
using Vidgan.Generation;
using Vidgan.Library;
using Vidgan.Media;
using Vidgan.Models;
using Vidgan.Runs;
using Vidgan.Util;
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

            var precisions = a.Get("--precisions", "fp32")
                .Split(',', StringSplitOptions.RemoveEmptyEntries)
                .Select(p => SettingNames.Parse<PrecisionMode>(p, "--precisions"))
                .ToArray();
            var seeds = Enumerable.Range(0, count).Select(i => 1000L + i).ToArray();
            var classes = Enumerable.Range(0, count).Select(i => i % data.ClassNames.Count).ToArray();
            var measured = precisions
                .Select(p => Measure(a, lib, run, work, config.Model, p, seeds, classes))
                .ToArray();

            var report = a.Report("Generation throughput", a.Get("--file", "generation.md"));
            report.Line(
                $"{count} clips of 3×16×{size}×{size} from an untrained {arch} generator (speed does not depend "
                    + $"on the weights), batch {ClipSampler.BatchSize(16, size, size, CPU)}, CPU. "
                    + "End to end = `vidgan generate`'s work: sampling, discriminator scores, nearest training "
                    + "clip for each clip, watermarking, MP4 encoding (the clips cut from one H.264 stream per "
                    + "core), signing Content Credentials and the library records. Each precision is `vidgan "
                    + "generate --precision`: the networks sample and score in it. The first time the generator "
                    + "draws the clips it pays once-only costs (oneDNN building its kernels, the C allocator's first "
                    + "pages) that every `vidgan generate` process pays; the rows below it are measured after it."
            );
            report.Line();
            report.Line("| stage | " + string.Join(" | ", measured.Select(m => $"{m.Name} seconds | clips/s")) + " |");
            report.Line("| --- |" + string.Concat(measured.Select(_ => " --- | --- |")));
            string Row(string stage, Func<Measured, double> seconds) =>
                $"| {stage} | "
                + string.Join(
                    " | ",
                    measured.Select(m => $"{seconds(m):0.00} | {count / Math.Max(seconds(m), 1e-9):0.0}")
                )
                + " |";
            report.Line(Row("generator forward passes only, the first time in the process", m => m.GeneratorFirstTime));
            report.Line(Row("generator forward passes only", m => m.GeneratorOnly));
            report.Line(Row("end to end, MP4 files in the library", m => m.EndToEnd));
            foreach (string stage in measured[0].Stages.Keys)
                report.Line(Row($"… of which {stage}", m => m.Stages.GetValueOrDefault(stage)));
            var byBatch = measured[0].ByBatch;
            if (byBatch.Count > 0)
            {
                report.Line();
                report.Line(
                    $"Generator forward passes only ({measured[0].Name}), by clips per forward pass (the same clips, "
                        + "one run):"
                );
                report.Line();
                report.Line("| batch | seconds | clips/s |");
                report.Line("| --- | --- | --- |");
                foreach (var (batch, seconds) in byBatch)
                    report.Line($"| {batch} | {seconds:0.00} | {count / seconds:0.0} |");
            }
            foreach (var m in measured)
            {
                double trust = m.Stages.GetValueOrDefault("watermarking") + m.Stages.GetValueOrDefault("signing");
                report.Line();
                report.Line(
                    $"{m.Name}: end to end runs at **{m.GeneratorOnly / m.EndToEnd:P0}** of the generator-only rate "
                        + $"({m.EndToEnd / m.GeneratorOnly:0.0}× its time); trust (the invisible watermark, then the "
                        + $"C2PA manifest signed into each file) costs **{trust:0.00} s of {m.EndToEnd:0.00} s "
                        + $"({trust / m.EndToEnd:P0})**, {trust / count * 1000:0.0} ms per clip; the metadata label is "
                        + "an FFmpeg option inside encoding."
                );
            }
            report.Line();
            report.Line(Ceiling(measured, count));
            report.Save();
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>What the generator alone asks of the CPU: its counted work a clip, the rate its forward passes ran
    /// at, and the rate issue 11's 40 clips/s would take, beside the matrix-product peak measured in the same
    /// run.</summary>
    static string Ceiling(Measured[] measured, int count)
    {
        const int target = 40;
        // Each precision's own peak only: bf16 products are emulated, and slow to time, on CPUs without bf16 units.
        var peaks = measured
            .Select(m => m.Resolved)
            .Distinct()
            .ToDictionary(p => p, p => Matmul.Peak(p == Precision.Bf16 ? ScalarType.BFloat16 : ScalarType.Float32));
        var parts = measured.Select(m =>
        {
            double gflop = m.GeneratorFlopsPerClip / 1e9,
                rate = gflop * count / m.GeneratorOnly,
                peak = peaks[m.Resolved];
            string peakName = SettingNames.Name(m.Resolved);
            return $"{m.Name}: {gflop:0.00} GFLOP a clip (convolutions and dense layers, counted), "
                + $"{rate:0} GFLOP/s in the generator-only passes ({rate / peak:P0} of the {peakName} matmul peak); "
                + $"{target} clips/s would take {gflop * target:0} GFLOP/s ({gflop * target / peak:P0} of that peak) "
                + "for the generator alone";
        });
        return "The generator's ceiling, against the matrix-product peak measured in this run (2048², best of 5): "
            + string.Join("; ", peaks.Select(p => $"{SettingNames.Name(p.Key)} {p.Value:0} GFLOP/s"))
            + ". "
            + string.Join("; ", parts)
            + ".";
    }

    sealed record Measured(
        string Name,
        double GeneratorFirstTime,
        double GeneratorOnly,
        double EndToEnd,
        IReadOnlyDictionary<string, double> Stages,
        List<(int Batch, double Seconds)> ByBatch,
        double GeneratorFlopsPerClip,
        Precision Resolved
    );

    static Measured Measure(
        BenchArgs a,
        VidganLibrary lib,
        RunDirectory run,
        string work,
        ModelConfig config,
        PrecisionMode precision,
        long[] seeds,
        int[] classes
    )
    {
        using var sampleModels = new GanModels(config, CPU);
        Checkpoint.Load(run.CheckpointPath(1), sampleModels);
        var resolved = PrecisionProbe.Resolve(precision, CPU);
        if (resolved == Precision.Bf16)
            sampleModels.CastForInference(ScalarType.BFloat16);
        var generator = sampleModels.GeneratorEma;
        var clock = Stopwatch.StartNew();
        ClipSampler.Sample(generator, config, CPU, seeds, classes).Dispose();
        double firstTime = clock.Elapsed.TotalSeconds;
        clock.Restart();
        ClipSampler.Sample(generator, config, CPU, seeds, classes).Dispose();
        double generatorOnly = clock.Elapsed.TotalSeconds;
        double flopsPerClip;
        using (var counter = new FlopCounter(generator))
        {
            int counted = Math.Min(seeds.Length, 16);
            ClipSampler.Sample(generator, config, CPU, seeds[..counted], classes[..counted]).Dispose();
            flopsPerClip = counter.Flops / counted;
        }
        var byBatch = new List<(int Batch, double Seconds)>();
        foreach (
            int batch in a.Get("--batches", "").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse)
        )
        {
            clock.Restart();
            ClipSampler.Sample(generator, config, CPU, seeds, classes, batch: batch).Dispose();
            byBatch.Add((batch, clock.Elapsed.TotalSeconds));
        }

        clock.Restart();
        var result = new GenerationService(lib, CPU).Run(
            new GenerateOptions
            {
                RunDir = run.Root,
                Count = seeds.Length,
                Seed = 1000,
                Format = VideoFormat.Mp4,
                OutDir = Path.Combine(work, "out-" + SettingNames.Name(precision)),
                Precision = precision,
            }
        );
        double endToEnd = clock.Elapsed.TotalSeconds;
        if (result.Clips.Count(c => c.Kept) != seeds.Length)
            throw new InvalidOperationException("not every clip was kept");
        return new Measured(
            SettingNames.Name(precision),
            firstTime,
            generatorOnly,
            endToEnd,
            result.StageSeconds,
            byBatch,
            flopsPerClip,
            resolved
        );
    }
}
