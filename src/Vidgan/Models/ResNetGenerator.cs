using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Vidgan.Models;

/// <summary>Residual video generator in the style of SNGAN/BigGAN: noise (+ class embedding) → 4×4 seed volume →
/// one up-sampling residual block per level (nearest-neighbour up-sampling, (2+1)D convolutions, class-conditional
/// batch norm) → tanh RGB clip (B, 3, T, H, W). Up-sampling then convolving draws sharper edges and corners than
/// transposed convolutions, and the class reaches every block through the batch-norm gains.</summary>
public sealed class ResNetGenerator : ClipGenerator
{
    readonly SeedProjection seed;
    readonly ModuleList<ResidualUpBlock> blocks;
    readonly ConditionalBatchNorm outNorm;
    readonly ChannelsLastConv toRgb;

    public ResNetGenerator(ModelConfig config)
        : base(nameof(ResNetGenerator))
    {
        seed = new SeedProjection(config);
        blocks = new ModuleList<ResidualUpBlock>();
        int ch = seed.Channels;
        for (int level = 0; level < config.Levels; level++)
        {
            blocks.Add(new ResidualUpBlock(ch, ch / 2, upTime: level < seed.TimeDoublings, config.NumLabels));
            ch /= 2;
        }
        outNorm = new ConditionalBatchNorm(ch, config.NumLabels);
        toRgb = ChannelsLastConv.From(nn.Conv3d(ch, 3, kernel_size: 3, padding: 1));
        RegisterComponents();
        Init.Dcgan(this);
        foreach (var norm in modules().OfType<ConditionalBatchNorm>())
            norm.Reset();
    }

    public override Tensor forward(Tensor z, Tensor? classes, Tensor? context)
    {
        var x = ChannelsLast.Of(seed.call(z, classes));
        foreach (var block in blocks)
            x = block.call(x, classes);
        return toRgb.call(outNorm.call(x, classes).relu_()).tanh_();
    }
}
