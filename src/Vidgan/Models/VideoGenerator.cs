using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Vidgan.Models;

/// <summary>DCGAN-style 3D generator: noise (+ class embedding) → 4×4 seed volume → transposed 3D
/// convolutions that double space each level (and time while frames remain) → tanh RGB clip (B, 3, T, H, W).</summary>
public sealed class VideoGenerator : ClipGenerator
{
    readonly Linear project;
    readonly BatchNorm3d projectNorm;
    readonly Embedding? classEmbedding;
    readonly Sequential body;
    readonly int seedChannels, seedFrames;

    public VideoGenerator(ModelConfig config) : base(nameof(VideoGenerator))
    {
        int levels = config.Levels;
        var (startFrames, doublings) = TimeSchedule.For(config.Frames, levels);
        seedFrames = startFrames;
        seedChannels = config.GeneratorWidth << levels;
        int embedDim = config.Conditional ? 32 : 0;
        if (config.Conditional) classEmbedding = nn.Embedding(config.NumClasses, embedDim);
        project = nn.Linear(config.ZDim + embedDim, seedChannels * seedFrames * 16);
        projectNorm = nn.BatchNorm3d(seedChannels);
        var layers = new List<(string, nn.Module<Tensor, Tensor>)>();
        int ch = seedChannels;
        for (int level = 0; level < levels; level++)
        {
            bool time = level < doublings;
            layers.Add(($"up{level}", nn.ConvTranspose3d(ch, ch / 2,
                kernel_size: (time ? 4 : 3, 4, 4), stride: (time ? 2 : 1, 2, 2), padding: (1, 1, 1), bias: false)));
            layers.Add(($"norm{level}", nn.BatchNorm3d(ch / 2)));
            layers.Add(($"act{level}", nn.ReLU()));
            ch /= 2;
        }
        layers.Add(("to_rgb", nn.Conv3d(ch, 3, kernel_size: 3, padding: 1)));
        layers.Add(("tanh", nn.Tanh()));
        body = nn.Sequential(layers);
        RegisterComponents();
        Init.Dcgan(this);
    }

    public override Tensor forward(Tensor z, Tensor? classes, Tensor? context)
    {
        var input = classEmbedding is null || classes is null ? z : torch.cat(new[] { z, classEmbedding.forward(classes) }, 1);
        var x = project.forward(input).view(-1, seedChannels, seedFrames, 4, 4);
        x = nn.functional.relu(projectNorm.forward(x));
        return body.forward(x);
    }
}
