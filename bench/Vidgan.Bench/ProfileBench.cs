using System.Diagnostics;
using TorchSharp;
using Vidgan.Models;
using Vidgan.Runs;
using Vidgan.Util;
using static TorchSharp.torch;

namespace Vidgan.Bench;

/// <summary>Where a training step's time goes, layer by layer. Forward: every leaf layer's own time inside real steps
/// (hooks before and after it; CPU work is synchronous). Backward: each layer again in isolation on inputs of the shape
/// it saw, forward + backward minus forward, times its calls per step. Beside them the measured step: what the layers
/// do not account for is the optimizers, losses, norms' statistics, sampling of frames and the bf16 copies.</summary>
public static class ProfileBench
{
    sealed class Layer(string name, nn.Module<Tensor, Tensor> module)
    {
        public string Name { get; } = name;
        public nn.Module<Tensor, Tensor> Module { get; } = module;
        public long[] Shape { get; set; } = [];
        public ScalarType Type { get; set; }
        public int Calls { get; set; }
        public double ForwardSeconds { get; set; }
        public double BackwardSeconds { get; set; }
    }

    public static void Run(BenchArgs a)
    {
        string arch = a.Get("--arch", "layered");
        int size = a.Get("--size", 32),
            steps = a.Get("--steps", 10),
            width = a.Get("--d-width", new ModelConfig().DiscriminatorWidth),
            videoDownsample = a.Get("--video-downsample", 1),
            imageFrames = a.Get("--image-frames", new ModelConfig().ImageFrames),
            kernel = a.Get("--d-kernel", new ModelConfig().DiscriminatorKernel);
        var precision = SettingNames.Parse<Precision>(a.Get("--precision", "fp32"), "--precision");
        var defaults = SyntheticTraining.Defaults(arch, size, precision, width);
        // Every step pays R1, so its share is counted; the trainer's default pays it every 4th step.
        var config = defaults with
        {
            Model = defaults.Model with
            {
                VideoDownsample = videoDownsample,
                ImageFrames = imageFrames,
                DiscriminatorKernel = kernel,
            },
            R1Every = 1,
        };
        double withoutR1 = StepSeconds(config with { R1Gamma = 0 }, steps);
        using var training = new SyntheticTraining(config);
        var working = training.Working;
        void Step() => training.Step();
        double stepSeconds = StepSeconds(training, steps);

        var layers = Leaves(working);
        var removers = new List<Action>();
        var started = new Stopwatch();
        foreach (var layer in layers)
        {
            removers.Add(
                layer
                    .Module.register_forward_pre_hook(
                        (m, input) =>
                        {
                            started.Restart();
                            return input;
                        }
                    )
                    .remove
            );
            removers.Add(
                layer
                    .Module.register_forward_hook(
                        (m, input, output) =>
                        {
                            layer.ForwardSeconds += started.Elapsed.TotalSeconds / steps;
                            layer.Calls++;
                            layer.Shape = input.shape;
                            layer.Type = input.dtype;
                            return output;
                        }
                    )
                    .remove
            );
        }
        for (int i = 0; i < steps; i++)
            Step();
        foreach (var remove in removers)
            remove();
        foreach (var layer in layers.Where(l => l.Calls > 0))
        {
            layer.Calls /= steps;
            layer.BackwardSeconds = layer.Calls * Backward(layer);
        }

        var report = a.Report($"Per-layer profile of one training step: {arch}", a.Get("--file", "profile.md"));
        double forward = layers.Sum(l => l.ForwardSeconds),
            backward = layers.Sum(l => l.BackwardSeconds);
        report.Line(
            $"`{arch}` at 3×16×{size}×{size}, batch 16, {SettingNames.Name(precision)}, discriminator width {width}, "
                + $"video discriminator on clips down-sampled {videoDownsample}×, {imageFrames} frames a clip to the "
                + $"image discriminator, {kernel}×{kernel} strided discriminator kernels, "
                + "R1 every step (the trainer's default pays it every 4th). "
                + $"Measured step: **{stepSeconds * 1000:0} ms** (mean of {steps}); leaf layers' forward inside "
                + $"the step {forward * 1000:0} ms, their backward (isolated, × calls) {backward * 1000:0} ms; the "
                + $"remainder, {(stepSeconds - forward - backward) * 1000:0} ms, is optimizers, losses and R1's double "
                + "backward, less what the isolated backward overstates: it always computes weight gradients, "
                + "while the generator's pass through the frozen discriminators needs only input gradients. "
                + $"The same step without R1: {withoutR1 * 1000:0} ms, so R1 costs "
                + $"{(stepSeconds - withoutR1) * 1000:0} ms where it is paid.  "
        );
        report.Line();
        report.Line("| layer | input | calls/step | forward ms | backward ms | share of step |");
        report.Line("| --- | --- | --- | --- | --- | --- |");
        foreach (var l in layers.Where(l => l.Calls > 0).OrderByDescending(l => l.ForwardSeconds + l.BackwardSeconds))
            report.Line(
                $"| {l.Name} ({l.Module.GetType().Name}) | {string.Join("×", l.Shape)} | {l.Calls} | "
                    + $"{l.ForwardSeconds * 1000:0.0} | {l.BackwardSeconds * 1000:0.0} | "
                    + $"{(l.ForwardSeconds + l.BackwardSeconds) / stepSeconds:P1} |"
            );
        report.Line();
        foreach (var net in new[] { "generator", "video_discriminator", "image_discriminator" })
        {
            var own = layers.Where(l => l.Name.StartsWith(net + ".")).ToArray();
            double total = own.Sum(l => l.ForwardSeconds + l.BackwardSeconds);
            report.Line($"- {net}: {total * 1000:0} ms a step ({total / stepSeconds:P0})");
        }
        report.Save();
    }

    static double StepSeconds(TrainConfig config, int steps)
    {
        using var training = new SyntheticTraining(config);
        return StepSeconds(training, steps);
    }

    /// <summary>Mean seconds a step after two warm-up steps.</summary>
    static double StepSeconds(SyntheticTraining training, int steps)
    {
        for (int i = 0; i < 2; i++)
            training.Step();
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < steps; i++)
            training.Step();
        return clock.Elapsed.TotalSeconds / steps;
    }

    static List<Layer> Leaves(GanModels m)
    {
        var networks = new (string, nn.Module)[]
        {
            ("generator", m.Generator),
            ("video_discriminator", m.VideoDiscriminator),
            ("image_discriminator", m.ImageDiscriminator),
        };
        return networks
            .SelectMany(n =>
                n.Item2.named_modules()
                    .Where(x => !x.module.children().Any() && x.module is nn.Module<Tensor, Tensor>)
                    .Select(x => new Layer($"{n.Item1}.{x.name}", (nn.Module<Tensor, Tensor>)x.module))
            )
            .ToList();
    }

    /// <summary>Forward + backward minus forward, best of a few, on a random input of the recorded shape.</summary>
    static double Backward(Layer layer)
    {
        // Embeddings take class indices: nothing flows back into their input, and their lookups are negligible.
        if (layer.Type is not (ScalarType.Float32 or ScalarType.BFloat16 or ScalarType.Float64))
            return 0;
        double Time(bool backward)
        {
            double best = double.MaxValue;
            for (int i = 0; i < 4; i++)
            {
                using var scope = torch.NewDisposeScope();
                var x = torch.randn(layer.Shape, dtype: layer.Type).requires_grad_(true);
                var clock = Stopwatch.StartNew();
                var y = layer.Module.forward(x);
                if (backward)
                    y.sum().backward();
                if (i > 0)
                    best = Math.Min(best, clock.Elapsed.TotalSeconds);
            }
            return best;
        }
        return Math.Max(0, Time(true) - Time(false));
    }
}
