using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Vidgan.Models;

/// <summary>A TorchSharp convolution (2D or 3D, plain or transposed) that always runs on channels-last input. Built
/// from the TorchSharp layer, it takes over its weight and bias under the same names, so initialisation, seeds and
/// checkpoints are the same as the layer's. Why every convolution goes through here: on AMD Zen 5, oneDNN's
/// blocked-layout kernels (the ones it picks for channels-first input) return wrong or NaN results, most often input
/// gradients, when a channel count is not a multiple of their vector width (16 floats with AVX-512, 8 with AVX2),
/// while its channels-last kernels are right for every count (bench/results/onednn-zen5.md). Channels-last is also
/// the faster layout here (<see cref="ChannelsLast"/>). Bf16 runs keep <see cref="ConvolutionPrecision"/>'s
/// float32 fallback.</summary>
public sealed class ChannelsLastConv : nn.Module<Tensor, Tensor>
{
    readonly Parameter weight;
    readonly Parameter? bias;
    readonly long[] stride,
        padding,
        dilation,
        outputPadding;
    readonly long groups;
    readonly bool transposed;

    ChannelsLastConv(Convolution layer)
        : base(layer.GetName())
    {
        if (layer.padding_mode != PaddingModes.Zeros || layer.padding_type is not null)
            throw new ArgumentException("only explicit zero padding is supported", nameof(layer));
        weight = layer.weight!;
        bias = layer.bias;
        stride = layer.stride;
        padding = layer.padding ?? [];
        dilation = layer.dilation;
        outputPadding = layer.output_padding;
        groups = layer.groups;
        transposed = layer.transposed;
        register_parameter("weight", weight);
        if (bias is not null)
            register_parameter("bias", bias);
    }

    /// <summary>Takes over <paramref name="layer"/>'s parameters; use the result in its place.</summary>
    public static ChannelsLastConv From(Convolution layer) => new(layer);

    public Tensor Weight => weight;

    public bool Transposed => transposed;

    /// <remarks>Without gradients (sampling, scoring) a layer with few outputs takes <see cref="FewOutputConv3d"/>'s
    /// quicker path. Training keeps the one convolution: the split would save 1–2 % of a step and change every step's
    /// rounding (bench/results/generation-64-derived-weights-zen5.md).</remarks>
    public override Tensor forward(Tensor x) =>
        !is_grad_enabled() && FewOutputConv3d.Fits(weight, stride, padding, dilation, groups, transposed)
            ? FewOutputConv3d.Run(ChannelsLast.Of(x), weight, bias, padding)
        : transposed || dilation.Any(d => d != 1) ? Run(x, weight, bias, (i, k, b) => Convolve(i, k, b, padding))
        : Trimmed(x);

    Tensor Trimmed(Tensor x) => RunPlain(x, weight, bias, stride, padding, groups, Convolve, key: weight);

    /// <summary><see cref="Run"/> for a plain convolution (not transposed, unit dilation) given its stride and
    /// padding. Without gradients (sampling, scoring) it drops the kernel taps that meet only padding
    /// (<see cref="PaddingOnlyTaps"/>) and runs bf16 kernels longer than the clip through
    /// <see cref="TimeFoldedConv"/> instead of float32. Training keeps the one convolution: the same arithmetic in
    /// another order, and another precision for those layers, would change every step's rounding and so redraw the
    /// demo's measured figures, for no speed-up measurable in a training step.</summary>
    /// <param name="convolve">The convolution, given the input, kernel, bias and padding.</param>
    /// <param name="key">The parameter <paramref name="weight"/> is, or is made from while it stays the same (see
    /// <see cref="TimeFoldedConv.Run"/>).</param>
    public static Tensor RunPlain(
        Tensor x,
        Tensor weight,
        Tensor? bias,
        long[] stride,
        long[] padding,
        long groups,
        Func<Tensor, Tensor, Tensor?, long[], Tensor> convolve,
        Tensor? key
    )
    {
        if (is_grad_enabled())
            return Run(x, weight, bias, (i, k, b) => convolve(i, k, b, padding));
        var (kernel, pad) = PaddingOnlyTaps.Trim(x.shape, weight, stride, padding);
        return TimeFoldedConv.Helps(x, kernel, groups)
            ? TimeFoldedConv.Run(ChannelsLast.Of(x), kernel, bias, stride, pad, key)
            : Run(x, kernel, bias, (i, k, b) => convolve(i, k, b, pad));
    }

    /// <summary>How every convolution in Vidgan runs, whoever owns the weight: on channels-last input, in float32
    /// where bf16 is unsafe.</summary>
    public static Tensor Run(Tensor x, Tensor weight, Tensor? bias, Func<Tensor, Tensor, Tensor?, Tensor> convolve) =>
        ConvolutionPrecision.Run(ChannelsLast.Of(x), weight, bias, convolve);

    Tensor Convolve(Tensor input, Tensor kernel, Tensor? b, long[] pad) =>
        (kernel.dim(), transposed) switch
        {
            (4, false) => nn.functional.conv2d(input, kernel, b, stride, pad, dilation, groups),
            (5, false) => nn.functional.conv3d(input, kernel, b, stride, pad, dilation, groups),
            (4, true) => nn.functional.conv_transpose2d(
                input,
                kernel,
                b,
                stride,
                padding,
                outputPadding,
                dilation,
                groups
            ),
            _ => nn.functional.conv_transpose3d(input, kernel, b, stride, padding, outputPadding, dilation, groups),
        };
}
