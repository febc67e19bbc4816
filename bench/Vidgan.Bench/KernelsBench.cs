using System.Diagnostics;
using Vidgan.Models;
using Vidgan.Runs;

namespace Vidgan.Bench;

/// <summary>Training steps with the discriminators' strided kernels at 4×4 and at 3×3, taking turns step by step in
/// one process, so that the load of a shared machine, which changes from second to second, falls on both alike. The
/// model is the demo's: layered, video discriminator on half-size clips, R1 every 16th step, no class head.</summary>
public static class KernelsBench
{
    public static void Run(BenchArgs a)
    {
        string arch = a.Get("--arch", "layered");
        int size = a.Get("--size", 32),
            rounds = a.Get("--rounds", 4),
            videoDownsample = a.Get("--video-downsample", 2),
            r1Every = a.Get("--r1-every", 16);
        var defaults = SyntheticTraining.Defaults(arch, size, Precision.Fp32);
        TrainConfig WithKernel(int kernel) =>
            defaults with
            {
                Model = defaults.Model with
                {
                    VideoDownsample = videoDownsample,
                    DiscriminatorKernel = kernel,
                    AuxClassifierWeight = 0,
                },
                R1Every = r1Every,
            };
        int[] kernels = [4, 3];
        var runs = kernels.Select(k => new SyntheticTraining(WithKernel(k))).ToArray();
        var seconds = new double[kernels.Length];
        foreach (var run in runs)
            for (int i = 0; i < 3; i++)
                run.Step();
        // Whole rounds of R1's interval, so that every mean carries R1 as often as training pays it.
        for (int step = 0; step < rounds * r1Every; step++)
        for (int k = 0; k < runs.Length; k++)
        {
            var clock = Stopwatch.StartNew();
            runs[k].Step();
            seconds[k] += clock.Elapsed.TotalSeconds;
        }
        foreach (var run in runs)
            run.Dispose();

        int steps = rounds * r1Every;
        var report = a.Report("Discriminator kernels: 4×4 against 3×3", a.Get("--file", "kernels.md"));
        report.Line(
            $"`{arch}` at 3×16×{size}×{size}, batch 16, fp32, video discriminator on clips down-sampled "
                + $"{videoDownsample}×, R1 every {r1Every}th step; {steps} steps of each after 3 warm-up steps, "
                + "the two models taking turns step by step."
        );
        report.Line();
        report.Line("| strided kernels | discriminator parameters | ms a step (mean) | clips/s | speed-up |");
        report.Line("| --- | --- | --- | --- | --- |");
        for (int k = 0; k < kernels.Length; k++)
        {
            using var models = new GanModels(WithKernel(kernels[k]).Model, TorchSharp.torch.CPU);
            long parameters =
                GanModels.ParameterCount(models.VideoDiscriminator)
                + GanModels.ParameterCount(models.ImageDiscriminator);
            double perStep = seconds[k] / steps;
            report.Line(
                $"| {kernels[k]}×{kernels[k]} | {parameters / 1e6:0.00}M | {perStep * 1000:0} | "
                    + $"{defaults.Batch / perStep:0.0} | {seconds[0] / seconds[k]:0.00}× |"
            );
        }
        report.Save();
    }
}
