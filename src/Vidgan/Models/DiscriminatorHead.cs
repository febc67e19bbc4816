using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Vidgan.Models;

/// <summary>The part both discriminators share after their convolutions: a minibatch-stddev feature, a 256-d dense
/// feature, the real/fake logit with a class projection term (Miyato &amp; Koyama 2018) and, when the auxiliary class
/// loss is on, a class head (AC-GAN).</summary>
public sealed class DiscriminatorHead : nn.Module<Tensor, Tensor>
{
    public const int FeatureDim = 256;
    readonly NormalizedLayer feature,
        output;
    readonly Embedding? projection;
    readonly NormalizedLayer? classHead;

    /// <param name="inputs">Length of the flattened convolution output.</param>
    public DiscriminatorHead(long inputs, ModelConfig config)
        : base(nameof(DiscriminatorHead))
    {
        feature = NormalizedLayer.Linear(inputs + 1, FeatureDim, config.SpectralNorm);
        output = NormalizedLayer.Linear(FeatureDim, 1, config.SpectralNorm);
        if (config.Conditional)
            projection = nn.Embedding(config.NumLabels, FeatureDim);
        if (config.Conditional && config.AuxClassifierWeight > 0)
            classHead = NormalizedLayer.Linear(FeatureDim, config.NumLabels, spectral: false);
        RegisterComponents();
    }

    /// <summary>Features (B, 256) from the flattened convolution output (B, inputs).</summary>
    public override Tensor forward(Tensor flat) =>
        ScalarSafe.ApplyLeakyRelu(feature.forward(MinibatchStd.Append(flat)));

    /// <summary>Real/fake logits (B) from features, with the class projection term when conditional.</summary>
    public Tensor Judge(Tensor h, Tensor? classes)
    {
        var logits = output.forward(h).squeeze(1);
        if (projection is not null && classes is not null)
            logits = logits + (projection.forward(classes) * h).sum(1);
        return logits;
    }

    /// <summary>Class logits (B, classes) for the auxiliary classification loss; null without a class head.</summary>
    public Tensor? ClassLogits(Tensor h) => classHead?.forward(h);
}
