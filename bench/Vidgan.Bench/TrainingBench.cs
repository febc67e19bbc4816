using System.Diagnostics;
using Vidgan.Models;
using Vidgan.Runs;
using Vidgan.Util;
using static TorchSharp.torch;

namespace Vidgan.Bench;

/// <summary>Training throughput, FLOP utilization and memory on synthetic batches (random clips, so that only the
/// model is measured). RSS is sampled after every step.</summary>
public static class TrainingBench
{
    public static void Run(BenchArgs a)
    {
        int steps = a.Get("--steps", 500),
            warmup = a.Get("--warmup", 10);
        var sizes = a.Get("--sizes", "32,64").Split(',').Select(int.Parse).ToArray();
        var archs = a.Get("--archs", "dcgan3d").Split(',');
        var precisions = a.Get("--precisions", "fp32").Split(',');
        var report = a.Report("Training throughput, FLOP utilization and memory", a.Get("--file", "training.md"));
        double peak32 = Matmul.Peak(ScalarType.Float32),
            peak16 = Matmul.Peak(ScalarType.BFloat16);
        report.Line(
            $"Peak matmul measured in this run (2048², best of 5): float32 {peak32:0} GFLOP/s, bfloat16 {peak16:0} "
                + "GFLOP/s.  "
        );
        report.Line(
            "Each model: its `vidgan train` defaults on 3 classes (hinge loss, spectral norm, auxiliary class "
                + "loss), batch 16, "
                + $"{steps} timed steps after {warmup} warm-up steps, CPU. FLOPs per step are 3× the forward FLOPs "
                + "of the convolutions "
                + "and dense layers (counted with forward hooks; backward ≈ 2× forward); utilization is achieved "
                + "FLOP/s over the float32 peak (and, for bf16 runs, over the bfloat16 peak too).  "
        );
        report.Line(
            "RSS is the process's resident set; growth is measured from step 50 (when the allocator has settled) "
                + "to the last step."
        );
        report.Line();
        report.Line(
            "| model | precision | clip | G params | D params | GFLOP/step | s/step | clips/s | utilization of "
                + "fp32 peak | of its own precision's peak | RSS at step 50 | RSS at the end | peak RSS | growth |"
        );
        report.Line("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        foreach (string arch in archs)
        foreach (string precision in precisions)
        foreach (int size in sizes)
            report.Line(Measure(arch, precision, size, steps, warmup, peak32, precision == "bf16" ? peak16 : peak32));
        report.Save();
    }

    static string Measure(string arch, string precision, int size, int steps, int warmup, double peak32, double ownPeak)
    {
        using var training = new SyntheticTraining(
            SyntheticTraining.Defaults(arch, size, SettingNames.Parse<Precision>(precision, "--precisions"))
        );
        var (models, working) = (training.Models, training.Working);
        void Step() => training.Step();
        double forwardFlops;
        using (var counter = new FlopCounter(working.Generator, working.VideoDiscriminator, working.ImageDiscriminator))
        {
            Step();
            forwardFlops = counter.Flops;
        }
        for (int i = 1; i < warmup; i++)
            Step();
        GC.Collect();
        long rssStart = 0,
            peak = BenchArgs.Rss();
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < steps; i++)
        {
            Step();
            models.UpdateEma(0.999);
            if (i % 100 == 99)
                GC.Collect();
            peak = Math.Max(peak, BenchArgs.Rss());
            if (i == Math.Min(49, steps - 1))
                rssStart = BenchArgs.Rss();
            if (i % 50 == 49)
                Console.Error.WriteLine(
                    $"{arch} {precision} {size}px step {i + 1}/{steps} "
                        + $"{clock.Elapsed.TotalSeconds / (i + 1):0.000} s/step rss {BenchArgs.Rss() / 1e6:0} MB"
                );
        }
        double perStep = clock.Elapsed.TotalSeconds / steps;
        long rssEnd = BenchArgs.Rss();
        double stepFlops = 3 * forwardFlops;
        return $"| {arch} | {precision} | 3×16×{size}×{size} | "
            + $"{GanModels.ParameterCount(models.Generator) / 1e6:0.00}M | "
            + $"{DiscriminatorParameters(models) / 1e6:0.00}M | "
            + $"{stepFlops / 1e9:0.0} | {perStep:0.000} | {training.Config.Batch / perStep:0.0} | "
            + $"{stepFlops / perStep / 1e9 / peak32:P1} | {stepFlops / perStep / 1e9 / ownPeak:P1} | "
            + $"{rssStart / 1e6:0} MB | {rssEnd / 1e6:0} MB | {peak / 1e6:0} MB | "
            + $"{(rssEnd - rssStart) / 1e6:+0;-0;0} MB |";
    }

    static long DiscriminatorParameters(GanModels models) =>
        GanModels.ParameterCount(models.VideoDiscriminator) + GanModels.ParameterCount(models.ImageDiscriminator);
}
