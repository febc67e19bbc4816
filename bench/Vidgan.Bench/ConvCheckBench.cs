using TorchSharp;
using TorchSharp.Modules;
using Vidgan.Models;
using static TorchSharp.torch;

namespace Vidgan.Bench;

/// <summary>Are this CPU's float32 convolutions right? Each layer runs forward and backward on random input, both as
/// TorchSharp's layer on channels-first and on channels-last input and as Vidgan's <see cref="ChannelsLastConv"/>, and
/// its output, input gradient and weight gradient are compared with the same layer in float64 (which libtorch computes
/// without oneDNN). The channel counts include ones that are not multiples of 8 or 16, where oneDNN's blocked kernels
/// pad.</summary>
public static class ConvCheckBench
{
    public static void Run(BenchArgs a)
    {
        int rounds = a.Get("--rounds", 4);
        var report = a.Report("Convolutions in float32 against float64", a.Get("--file", "conv-check.md"));
        string isa = Environment.GetEnvironmentVariable("ONEDNN_MAX_CPU_ISA") ?? "not set";
        report.Line(
            $"`ONEDNN_MAX_CPU_ISA`: {isa}. Largest difference from float64 over {rounds} random inputs, relative to "
                + "the largest float64 value; NaN where the float32 result held one. ✗ marks a difference above 1e-4."
        );
        report.Line();
        report.Line("| layer | in → out | path | output | input gradient | weight gradient |");
        report.Line("| --- | --- | --- | --- | --- | --- |");
        int wrong = 0,
            total = 0;
        foreach (var kind in new[] { "conv2d 3×3", "conv3d 3×1×1", "conv3d 1×3×3", "transposed2d 4×4/2" })
        foreach (var (inputs, outputs) in new[] { (3, 8), (12, 8), (8, 3), (24, 8), (8, 24), (32, 16) })
        foreach (var path in new[] { "channels-first", "channels-last input", "ChannelsLastConv" })
        {
            var worst = new double[3];
            for (int r = 0; r < rounds; r++)
            {
                torch.manual_seed(r);
                var errors = Check(kind, inputs, outputs, path);
                for (int i = 0; i < 3; i++)
                    worst[i] =
                        double.IsNaN(errors[i]) || double.IsNaN(worst[i]) ? double.NaN : Math.Max(worst[i], errors[i]);
            }
            bool bad = worst.Any(e => double.IsNaN(e) || e > 1e-4);
            wrong += bad ? 1 : 0;
            total++;
            string Cell(double e) =>
                (double.IsNaN(e) ? "NaN" : $"{e:0.0e+0}") + (double.IsNaN(e) || e > 1e-4 ? " ✗" : "");
            report.Line(
                $"| {kind} | {inputs} → {outputs} | {path} | {Cell(worst[0])} | {Cell(worst[1])} | {Cell(worst[2])} |"
            );
        }
        report.Line();
        report.Line($"{wrong} of {total} rows differ from float64.");
        report.Save();
    }

    static double[] Check(string kind, int inputs, int outputs, string path)
    {
        using var scope = torch.NewDisposeScope();
        Convolution layer = kind switch
        {
            "conv2d 3×3" => nn.Conv2d(inputs, outputs, kernel_size: 3, padding: 1),
            "conv3d 3×1×1" => nn.Conv3d(inputs, outputs, kernel_size: (3, 1, 1), padding: (1, 0, 0)),
            "conv3d 1×3×3" => nn.Conv3d(inputs, outputs, kernel_size: (1, 3, 3), padding: (0, 1, 1)),
            _ => nn.ConvTranspose2d(inputs, outputs, kernel_size: 4, stride: 2, padding: 1),
        };
        nn.Module<Tensor, Tensor> module = path == "ChannelsLastConv" ? ChannelsLastConv.From(layer) : layer;
        long[] shape = kind.StartsWith("conv3d") ? [4, inputs, 4, 8, 8] : [4, inputs, 12, 12];
        var input = torch.randn(shape);
        var (y, dx, dw) = Run(module, layer, path == "channels-last input" ? ChannelsLast.Of(input) : input);
        module.to(ScalarType.Float64);
        var (y64, dx64, dw64) = Run(module, layer, input.to(ScalarType.Float64));
        return [Error(y, y64), Error(dx, dx64), Error(dw, dw64)];
    }

    static (Tensor, Tensor, Tensor) Run(nn.Module<Tensor, Tensor> module, Convolution layer, Tensor input)
    {
        module.zero_grad();
        var x = input.detach().requires_grad_(true);
        var y = module.call(x);
        var upstream = torch.linspace(-1, 1, y.numel(), dtype: y.dtype).view(y.shape);
        (y * upstream).sum().backward();
        var weight = module is ChannelsLastConv c ? c.Weight : layer.weight!;
        return (y.detach(), x.grad!.clone(), weight.grad!.clone());
    }

    static double Error(Tensor actual, Tensor expected)
    {
        double scale = Math.Max(1e-12, expected.abs().max().item<double>());
        return (actual.to(ScalarType.Float64) - expected).abs().max().item<double>() / scale;
    }
}
