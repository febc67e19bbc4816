using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Vidgan.Models;

/// <summary>Residual video generator in the style of SNGAN/BigGAN: noise (+ class embedding) → 4×4 seed volume →
/// one up-sampling residual block per level (nearest-neighbour up-sampling, (2+1)D convolutions, class-conditional
/// batch norm) → tanh RGB clip (B, 3, T, H, W). Up-sampling then convolving draws sharper edges and corners than
/// transposed convolutions, and the class reaches every block through the batch-norm gains.</summary>
public sealed class ResNetGenerator : ClipGenerator
{
    readonly Linear project;
    readonly Embedding? classEmbedding;
    readonly ModuleList<ResidualUpBlock> blocks;
    readonly ConditionalBatchNorm outNorm;
    readonly Conv3d toRgb;
    readonly int seedChannels, seedFrames;

    public ResNetGenerator(ModelConfig config) : base(nameof(ResNetGenerator))
    {
        int levels = config.Levels;
        var (startFrames, doublings) = TimeSchedule.For(config.Frames, levels);
        seedFrames = startFrames;
        seedChannels = config.GeneratorWidth << levels;
        int embedDim = config.Conditional ? 32 : 0;
        if (config.Conditional) classEmbedding = nn.Embedding(config.NumClasses, embedDim);
        project = nn.Linear(config.ZDim + embedDim, seedChannels * seedFrames * 16);
        blocks = new ModuleList<ResidualUpBlock>();
        int ch = seedChannels;
        for (int level = 0; level < levels; level++)
        {
            blocks.Add(new ResidualUpBlock(ch, ch / 2, upTime: level < doublings, config.NumClasses));
            ch /= 2;
        }
        outNorm = new ConditionalBatchNorm(ch, config.NumClasses);
        toRgb = nn.Conv3d(ch, 3, kernel_size: 3, padding: 1);
        RegisterComponents();
        Init.Dcgan(this);
        foreach (var norm in modules().OfType<ConditionalBatchNorm>()) norm.Reset();
    }

    public override Tensor forward(Tensor z, Tensor? classes, Tensor? context)
    {
        var input = classEmbedding is null || classes is null ? z : torch.cat(new[] { z, classEmbedding.forward(classes) }, 1);
        var x = project.forward(input).view(-1, seedChannels, seedFrames, 4, 4);
        foreach (var block in blocks) x = block.forward(x, classes);
        return torch.tanh(toRgb.forward(nn.functional.relu(outNorm.forward(x, classes))));
    }
}
