using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Vidgan.Models;

/// <summary>MoCoGAN-style generator (Tulyakov et al. 2018): one content code per clip (+ class embedding) and a
/// motion trajectory from a GRU driven by per-frame noise; a 2D DCGAN decoder draws each frame from
/// [content, motion_t]. Because content is shared by all frames, an object cannot change identity mid-clip.
/// Noise layout: [content (ZDim) | motion noise (Frames × MotionNoise)].</summary>
public sealed class MoCoGanGenerator : ClipGenerator
{
    public const int MotionNoise = 8;
    public const int MotionDim = 32;

    readonly Embedding? classEmbedding;
    readonly Linear initialState,
        project;
    readonly GRUCell motion;
    readonly BatchNorm2d projectNorm;
    readonly Sequential decoder;
    readonly int contentDim,
        frames,
        seedChannels;

    public static int NoiseDim(ModelConfig c) => c.ZDim + c.Frames * MotionNoise;

    public MoCoGanGenerator(ModelConfig config)
        : base(nameof(MoCoGanGenerator))
    {
        contentDim = config.ZDim;
        frames = config.Frames;
        int levels = config.Levels;
        seedChannels = config.GeneratorWidth << levels;
        int embedDim = config.Conditional ? 32 : 0;
        if (config.Conditional)
            classEmbedding = nn.Embedding(config.NumLabels, embedDim);
        initialState = nn.Linear(contentDim + embedDim, MotionDim);
        motion = nn.GRUCell(MotionNoise, MotionDim);
        project = nn.Linear(contentDim + embedDim + MotionDim, seedChannels * 16);
        projectNorm = nn.BatchNorm2d(seedChannels);
        var layers = new List<(string, nn.Module<Tensor, Tensor>)>();
        int ch = seedChannels;
        for (int level = 0; level < levels; level++)
        {
            if (config.Upsampling == Upsampling.Resize)
            {
                layers.Add(($"resize{level}", nn.Upsample(scale_factor: [2, 2], mode: UpsampleMode.Nearest)));
                layers.Add(
                    (
                        $"up{level}",
                        ChannelsLastConv.From(nn.Conv2d(ch, ch / 2, kernel_size: 3, padding: 1, bias: false))
                    )
                );
            }
            else
                layers.Add(
                    (
                        $"up{level}",
                        ChannelsLastConv.From(
                            nn.ConvTranspose2d(ch, ch / 2, kernel_size: 4, stride: 2, padding: 1, bias: false)
                        )
                    )
                );
            if (config.Upsampling == Upsampling.Smooth)
                layers.Add(($"smooth{level}", new Blur2d(ch / 2)));
            layers.Add(($"norm{level}", nn.BatchNorm2d(ch / 2)));
            layers.Add(($"act{level}", nn.ReLU()));
            ch /= 2;
        }
        layers.Add(("to_rgb", ChannelsLastConv.From(nn.Conv2d(ch, 3, kernel_size: 3, padding: 1))));
        layers.Add(("tanh", nn.Tanh()));
        decoder = nn.Sequential(layers);
        RegisterComponents();
        Init.Dcgan(this);
    }

    public override Tensor forward(Tensor z, Tensor? classes, Tensor? context)
    {
        long b = z.shape[0];
        var content = z.narrow(1, 0, contentDim);
        if (classEmbedding is not null && classes is not null)
            content = torch.cat(new[] { content, classEmbedding.forward(classes) }, 1);
        var noise = z.narrow(1, contentDim, frames * MotionNoise).view(b, frames, MotionNoise);
        var h = torch.tanh(initialState.forward(content));
        var states = new Tensor[frames];
        for (int t = 0; t < frames; t++)
        {
            h = motion.forward(noise.select(1, t), h);
            states[t] = h;
        }
        var trajectory = torch.stack(states, 1); // B, T, M
        var perFrame = torch
            .cat(new[] { content.unsqueeze(1).expand(b, frames, content.shape[1]), trajectory }, 2)
            .reshape(b * frames, -1); // B·T, C+M
        var x = project.forward(perFrame).view(b * frames, seedChannels, 4, 4);
        x = ChannelsLast.Of(nn.functional.relu(projectNorm.forward(x)));
        var images = decoder.forward(x); // B·T, 3, H, W
        return images.reshape(b, frames, 3, images.shape[2], images.shape[3]).permute(0, 2, 1, 3, 4);
    }
}
