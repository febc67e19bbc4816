using System.Collections.Concurrent;
using System.Diagnostics;
using TorchSharp;
using Vidgan.Generation;
using Vidgan.Models;
using Vidgan.Runs;
using static TorchSharp.torch;

namespace Vidgan.Bench;

/// <summary>Two ways the demo's discriminators might run faster on a 2-core CPU, each timed against what the models
/// do: (1) their 4×4 stride-2 convolutions as a convolution (channels-last, as the models run it), as a 2-wide
/// stride-1 convolution on the input with each 2×2 (2×2×2) block folded into channels, and as unfolded patches times
/// one matrix, for each set of gradients a step asks of them; (2) the video and image discriminators' forward and
/// backward passes one after the other with libtorch's two OpenMP threads, against side by side on two threads of one
/// OpenMP thread each; (3) real and generated clips through each discriminator in two passes of 16, against one pass
/// of 32. The paths of each row take turns round by round, so load on the machine falls on all
/// alike.</summary>
public static class DiscriminatorPathsBench
{
    sealed record Layer(string Name, long[] Input, long Out);

    // The demo's shapes: 32×32×16 clips, batch 16, the video discriminator on half-size clips, 4 frames a clip to the
    // image discriminator (bench/results/profile-layered-zen3.md).
    static readonly Layer[] Layers =
    [
        new("video_discriminator.body.conv0", [16, 3, 16, 16, 16], 32),
        new("video_discriminator.body.conv1", [16, 32, 8, 8, 8], 64),
        new("image_discriminator.body.conv0", [64, 3, 32, 32], 32),
        new("image_discriminator.body.conv1", [64, 32, 16, 16], 64),
        new("image_discriminator.body.conv2", [64, 64, 8, 8], 128),
    ];

    static readonly (string Name, Func<Tensor, Tensor, Tensor> Run)[] Paths =
    [
        ("convolution", Direct),
        ("2×2 blocks folded into channels", BlocksToChannels),
        ("unfolded patches × matrix", Unfolded),
    ];

    public static void Run(BenchArgs a)
    {
        int rounds = a.Get("--rounds", 20);
        var report = a.Report("The demo's discriminators: other ways to run them", a.Get("--file", "d-paths.md"));
        StridedConvolutions(report, rounds);
        report.Line();
        SideBySide(report, rounds);
        report.Line();
        OnePass(report, rounds);
        report.Save();
    }

    static void StridedConvolutions(Report report, int rounds)
    {
        report.Line(
            $"## 4×4 stride-2 convolutions (fp32, median of {rounds} rounds after one warm-up, forward + backward)"
        );
        report.Line();
        report.Line(
            "Gradients: `weight` as the discriminators' own step needs (its inputs need none), `input` as the "
                + "generator's pass through the frozen discriminators needs, `both` as R1's steps. Ratio: the "
                + "convolution's time ÷ the path's (above 1: faster). Difference: largest absolute difference of the "
                + "output from the convolution's."
        );
        report.Line();
        report.Line("| layer (input → out channels) | gradients | path | ms | ratio | difference |");
        report.Line("| --- | --- | --- | --- | --- | --- |");
        torch.manual_seed(1);
        foreach (var layer in Layers)
        foreach (var gradients in new[] { "weight", "input", "both" })
        {
            using var scope = NewDisposeScope();
            long[] kernel = layer.Input.Length == 4 ? [4, 4] : [4, 4, 4];
            var x = torch.randn(layer.Input).requires_grad_(gradients != "weight");
            var w = (torch.randn([layer.Out, layer.Input[1], .. kernel]) * 0.05).requires_grad_(gradients != "input");
            var reference = Direct(x, w).detach().contiguous();
            var upstream = torch.randn(reference.shape);
            var times = Paths.Select(_ => new List<double>()).ToArray();
            var differences = new double[Paths.Length];
            for (int round = 0; round <= rounds; round++)
            for (int p = 0; p < Paths.Length; p++)
            {
                using var inner = NewDisposeScope();
                var clock = Stopwatch.StartNew();
                var y = Paths[p].Run(x, w);
                y.backward([upstream]);
                if (round > 0)
                    times[p].Add(clock.Elapsed.TotalMilliseconds);
                differences[p] = (y.detach() - reference).abs().max().item<float>();
                x.grad?.zero_();
                w.grad?.zero_();
            }
            double baseline = Median(times[0]);
            for (int p = 0; p < Paths.Length; p++)
                report.Line(
                    $"| {layer.Name} ({string.Join('×', layer.Input)} → {layer.Out}) | {gradients} | "
                        + $"{Paths[p].Name} | {Median(times[p]):0.00} | {baseline / Median(times[p]):0.00}× | "
                        + $"{differences[p]:0.0e+0} |"
                );
        }
    }

    static Tensor Direct(Tensor x, Tensor w) =>
        x.dim() == 4
            ? nn.functional.conv2d(ChannelsLast.Of(x), w, strides: [2, 2], padding: [1, 1])
            : nn.functional.conv3d(ChannelsLast.Of(x), w, strides: [2, 2, 2], padding: [1, 1, 1]);

    // With padding 1 each spatial axis splits into (half, parity); the parities become channels and the 4-wide
    // stride-2 kernel a 2-wide stride-1 one over them.
    static Tensor BlocksToChannels(Tensor x, Tensor w)
    {
        bool image = x.dim() == 4;
        var padded = nn.functional.pad(x, image ? [1, 1, 1, 1] : [1, 1, 1, 1, 1, 1]);
        long b = padded.shape[0],
            c = padded.shape[1],
            o = w.shape[0];
        var halves = padded.shape.Skip(2).Select(s => s / 2).ToArray();
        if (image)
        {
            var blocks = padded.view(b, c, halves[0], 2, halves[1], 2).permute(0, 3, 5, 1, 2, 4);
            var k = w.view(o, c, 2, 2, 2, 2).permute(0, 3, 5, 1, 2, 4).reshape(o, 4 * c, 2, 2);
            return nn.functional.conv2d(ChannelsLast.Of(blocks.reshape(b, 4 * c, halves[0], halves[1])), k);
        }
        var cubes = padded.view(b, c, halves[0], 2, halves[1], 2, halves[2], 2).permute(0, 3, 5, 7, 1, 2, 4, 6);
        var kernel = w.view(o, c, 2, 2, 2, 2, 2, 2).permute(0, 3, 5, 7, 1, 2, 4, 6).reshape(o, 8 * c, 2, 2, 2);
        return nn.functional.conv3d(ChannelsLast.Of(cubes.reshape(b, 8 * c, halves[0], halves[1], halves[2])), kernel);
    }

    static Tensor Unfolded(Tensor x, Tensor w)
    {
        int axes = (int)x.dim() - 2;
        var patches = nn.functional.pad(ChannelsLast.Of(x), axes == 2 ? [1, 1, 1, 1] : [1, 1, 1, 1, 1, 1]);
        for (int axis = 2; axis < 2 + axes; axis++)
            patches = patches.unfold(axis, 4, 2);
        // (B, C, positions…, taps…) → (B, positions…, C, taps…)
        long[] order = [0, .. Enumerable.Range(2, axes).Select(i => (long)i), 1, .. Enumerable.Range(2 + axes, axes)];
        patches = patches.permute(order);
        var positions = patches.shape[..(1 + axes)];
        var y = patches.reshape(positions.Aggregate((p, q) => p * q), -1).matmul(w.view(w.shape[0], -1).t());
        long[] back = [0, 1 + axes, .. Enumerable.Range(1, axes).Select(i => (long)i)];
        return y.view([.. positions, w.shape[0]]).permute(back);
    }

    /// <summary>A thread of one OpenMP thread that runs the work it is given, one item at a time.</summary>
    sealed class OneThreadWorker : IDisposable
    {
        readonly BlockingCollection<(Action Work, ManualResetEventSlim Done)> queue = new();

        public OneThreadWorker() =>
            new Thread(() =>
            {
                torch.set_num_threads(1);
                foreach (var (work, done) in queue.GetConsumingEnumerable())
                {
                    work();
                    done.Set();
                }
            })
            {
                IsBackground = true,
            }.Start();

        public ManualResetEventSlim Post(Action work)
        {
            var done = new ManualResetEventSlim();
            queue.Add((work, done));
            return done;
        }

        public void Dispose() => queue.CompleteAdding();
    }

    /// <summary>The demo's discriminators with a batch of real and one of generated clips.</summary>
    sealed class DemoDiscriminators : IDisposable
    {
        readonly GanModels models;
        readonly Tensor frameIndex,
            real,
            fake,
            classes;

        public DemoDiscriminators()
        {
            var defaults = SyntheticTraining.Defaults("layered", 32, Precision.Fp32);
            var config = defaults with { Model = defaults.Model with { VideoDownsample = 2 } };
            models = new GanModels(config.Model, CPU);
            frameIndex = Scoring.EvenlySpaced(16, config.Model.ImageFrames);
            torch.manual_seed(1);
            real = torch.rand([16, 3, 16, 32, 32]) * 2 - 1;
            fake = torch.rand([16, 3, 16, 32, 32]) * 2 - 1;
            classes = torch.randint(0, 3, [16]);
        }

        /// <summary>The video discriminator's logistic loss on both batches, forward and backward, in two passes or
        /// in one over both (the step runs two).</summary>
        public void Video(bool onePass = false)
        {
            using var scope = NewDisposeScope();
            var d = models.VideoDiscriminator;
            var (onReal, onFake) = onePass
                ? Halves(d.Features(torch.cat([real, fake])))
                : (d.Features(real), d.Features(fake));
            Backward(d.Judge(onReal, classes), d.Judge(onFake, classes));
        }

        public void Image(bool onePass = false)
        {
            using var scope = NewDisposeScope();
            var d = models.ImageDiscriminator;
            var (realFrames, frameClasses) = ImageDiscriminator.SampleFrames(real, classes, frameIndex);
            var (fakeFrames, _) = ImageDiscriminator.SampleFrames(fake, classes, frameIndex);
            var (onReal, onFake) = onePass
                ? Halves(d.Features(torch.cat([realFrames, fakeFrames])))
                : (d.Features(realFrames), d.Features(fakeFrames));
            Backward(d.Judge(onReal, frameClasses), d.Judge(onFake, frameClasses));
        }

        // Timing only: here the minibatch-stddev groups mix real and generated clips, which a step would split.
        static (Tensor, Tensor) Halves(Tensor both) =>
            (both.narrow(0, 0, both.shape[0] / 2), both.narrow(0, both.shape[0] / 2, both.shape[0] / 2));

        static void Backward(Tensor onReal, Tensor onFake) =>
            (nn.functional.softplus(-onReal).mean() + nn.functional.softplus(onFake).mean()).backward();

        public void Dispose()
        {
            models.Dispose();
            foreach (var t in new[] { frameIndex, real, fake, classes })
                t.Dispose();
        }
    }

    static void SideBySide(Report report, int rounds)
    {
        using var d = new DemoDiscriminators();
        void Video() => d.Video();
        void Image() => d.Image();
        using var first = new OneThreadWorker();
        using var second = new OneThreadWorker();
        var serial = new List<double>();
        var sideBySide = new List<double>();
        for (int round = 0; round <= rounds; round++)
        {
            var clock = Stopwatch.StartNew();
            Video();
            Image();
            double inTurn = clock.Elapsed.TotalMilliseconds;
            clock.Restart();
            var videoDone = first.Post(Video);
            var imageDone = second.Post(Image);
            videoDone.Wait();
            imageDone.Wait();
            if (round == 0)
                continue;
            serial.Add(inTurn);
            sideBySide.Add(clock.Elapsed.TotalMilliseconds);
        }
        report.Line("## The two discriminators side by side");
        report.Line();
        report.Line(
            $"The demo's `layered` discriminators (fp32, batch 16 of 32×32×16 clips, the video discriminator on "
                + $"half-size clips, 4 frames a clip to the image discriminator), each on real and generated clips, "
                + $"forward and backward; median of {rounds} rounds after one warm-up."
        );
        report.Line();
        report.Line("| how | ms | ratio |");
        report.Line("| --- | --- | --- |");
        report.Line(
            $"| one after the other, {torch.get_num_threads()} OpenMP threads | {Median(serial):0.0} | 1.00× |"
        );
        report.Line(
            $"| side by side, two threads of one OpenMP thread each | {Median(sideBySide):0.0} | "
                + $"{Median(serial) / Median(sideBySide):0.00}× |"
        );
    }

    static void OnePass(Report report, int rounds)
    {
        using var d = new DemoDiscriminators();
        var twoPasses = new List<double>();
        var onePass = new List<double>();
        for (int round = 0; round <= rounds; round++)
        {
            // Each goes first in every other round.
            foreach (bool one in round % 2 == 0 ? [false, true] : new[] { true, false })
            {
                var clock = Stopwatch.StartNew();
                d.Video(one);
                d.Image(one);
                if (round > 0)
                    (one ? onePass : twoPasses).Add(clock.Elapsed.TotalMilliseconds);
            }
        }
        report.Line("## Real and generated clips in one pass");
        report.Line();
        report.Line(
            $"The same discriminators as their own step runs them (weight gradients only), on the 16 real and the 16 "
                + $"generated clips in two passes, against one pass of the 32 through the convolutions "
                + $"and heads; median of {rounds} rounds after one warm-up, "
                + $"{torch.get_num_threads()} OpenMP threads."
        );
        report.Line();
        report.Line("| how | ms | ratio |");
        report.Line("| --- | --- | --- |");
        report.Line($"| two passes of 16 | {Median(twoPasses):0.0} | 1.00× |");
        report.Line($"| one pass of 32 | {Median(onePass):0.0} | {Median(twoPasses) / Median(onePass):0.00}× |");
    }

    static double Median(List<double> values) => values.Order().ToList()[values.Count / 2];
}
