using System.Diagnostics;
using TorchSharp;
using static TorchSharp.torch;

namespace Vidgan.Bench;

/// <summary>Ways to run a video model's 3-D convolutions on this CPU, forward and backward, on the shapes of the 64×64
/// resnet's largest layers (bench/results/profile-resnet-64.md): as a Conv3d on clips laid out channel by channel
/// (what the models do), as a Conv3d on channels-last clips (converted before and back after, which a network kept
/// channels-last would not pay), and, for 1×k×k kernels, as a Conv2d over every frame of every clip. Each layer's
/// paths are timed in turn, round after round, so that load on the machine falls on all of them alike.</summary>
public static class ConvPathsBench
{
    sealed record Layer(string Name, long[] Input, long Out, long[] Kernel, long[] Stride, long[] Padding)
    {
        public bool Spatial => Kernel[0] == 1 && Stride[0] == 1;
    }

    static readonly Layer[] Layers =
    [
        new("generator.blocks.3.conv1.spatial", [16, 32, 16, 64, 64], 16, [1, 3, 3], [1, 1, 1], [0, 1, 1]),
        new("generator.blocks.3.conv1.temporal", [16, 16, 16, 64, 64], 16, [3, 1, 1], [1, 1, 1], [1, 0, 0]),
        new("generator.toRgb", [16, 16, 16, 64, 64], 3, [3, 3, 3], [1, 1, 1], [1, 1, 1]),
        new("generator.blocks.2.conv1.spatial", [16, 64, 16, 32, 32], 32, [1, 3, 3], [1, 1, 1], [0, 1, 1]),
        new("video_discriminator.body.conv0", [16, 3, 16, 64, 64], 32, [3, 3, 3], [1, 1, 1], [1, 1, 1]),
        new("video_discriminator.body.block1.down", [16, 32, 8, 32, 32], 64, [4, 4, 4], [2, 2, 2], [1, 1, 1]),
        new("video_discriminator.body.block2.down", [16, 64, 4, 16, 16], 128, [4, 4, 4], [2, 2, 2], [1, 1, 1]),
    ];

    static Func<Tensor, Tensor, Tensor> Conv3d(Layer l) =>
        (x, w) => nn.functional.conv3d(x, w, strides: l.Stride, padding: l.Padding);

    // TorchSharp names no 3-D channels-last format: the strides are made by hand (N, D, H, W, C in memory).
    static Tensor ChannelsLast3d(Tensor t) => t.permute(0, 2, 3, 4, 1).contiguous().permute(0, 4, 1, 2, 3);

    static Func<Tensor, Tensor, Tensor> ChannelsLast(Layer l) =>
        (x, w) => Conv3d(l)(ChannelsLast3d(x), ChannelsLast3d(w)).contiguous();

    static Func<Tensor, Tensor, Tensor> FrameConv2d(Layer l) =>
        (x, w) =>
        {
            long b = x.shape[0],
                c = x.shape[1],
                t = x.shape[2],
                h = x.shape[3],
                wd = x.shape[4];
            var frames = x.permute(0, 2, 1, 3, 4).reshape(b * t, c, h, wd);
            var y = nn.functional.conv2d(frames, w.squeeze(2), strides: l.Stride[1..], padding: l.Padding[1..]);
            return y.reshape(b, t, w.shape[0], y.shape[2], y.shape[3]).permute(0, 2, 1, 3, 4).contiguous();
        };

    public static void Run(BenchArgs a)
    {
        int rounds = a.Get("--rounds", 5);
        var report = a.Report("3-D convolutions: ways to run them", a.Get("--file", "conv-paths.md"));
        report.Line(
            $"Forward + backward (input and weight gradients), fp32, median of {rounds} rounds after one warm-up; "
                + "the paths take turns within each round. Ratio: Conv3d's time ÷ the path's (above 1: faster). "
                + "Max difference: the largest absolute difference of the path's output from Conv3d's."
        );
        report.Line();
        report.Line("| layer | input → out channels, kernel / stride | path | ms | ratio to Conv3d | max difference |");
        report.Line("| --- | --- | --- | --- | --- | --- |");
        torch.manual_seed(1);
        foreach (var layer in Layers)
        {
            var paths = new List<(string Name, Func<Tensor, Tensor, Tensor> Run)>
            {
                ("Conv3d", Conv3d(layer)),
                ("Conv3d, channels-last", ChannelsLast(layer)),
            };
            if (layer.Spatial)
                paths.Add(("Conv2d over frames", FrameConv2d(layer)));
            using var scope = NewDisposeScope();
            var x = torch.randn(layer.Input).requires_grad_();
            var w = (torch.randn([layer.Out, layer.Input[1], .. layer.Kernel]) * 0.05).requires_grad_();
            var reference = Conv3d(layer)(x, w).detach();
            var grad = torch.randn(reference.shape);
            var times = paths.Select(_ => new List<double>()).ToArray();
            var differences = new double[paths.Count];
            for (int round = 0; round <= rounds; round++)
            for (int p = 0; p < paths.Count; p++)
            {
                using var inner = NewDisposeScope();
                var clock = Stopwatch.StartNew();
                var y = paths[p].Run(x, w);
                y.backward([grad]);
                double ms = clock.Elapsed.TotalMilliseconds;
                if (round > 0)
                    times[p].Add(ms);
                differences[p] = (y.detach() - reference).abs().max().item<float>();
                x.grad!.zero_();
                w.grad!.zero_();
            }
            double baseline = Median(times[0]);
            string shape =
                $"{string.Join('×', layer.Input)} → {layer.Out}, "
                + $"{string.Join('×', layer.Kernel)} / {string.Join('×', layer.Stride)}";
            for (int p = 0; p < paths.Count; p++)
            {
                double ms = Median(times[p]);
                report.Line(
                    $"| {layer.Name} | {shape} | {paths[p].Name} | {ms:0} | {baseline / ms:0.00}× | "
                        + $"{differences[p]:0.0e+0} |"
                );
            }
        }
        report.Save();
    }

    static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }
}
