using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Vidgan.Models;

/// <summary>DCGAN-style 3D generator: noise (+ class embedding) → 4×4 seed volume → transposed 3D
/// convolutions that double space each level (and time while frames remain) → tanh RGB clip (B, 3, T, H, W).</summary>
public sealed class VideoGenerator : ClipGenerator
{
    readonly SeedProjection seed;
    readonly BatchNorm3d projectNorm;
    readonly Sequential body;

    public VideoGenerator(ModelConfig config)
        : base(nameof(VideoGenerator))
    {
        seed = new SeedProjection(config);
        projectNorm = nn.BatchNorm3d(seed.Channels);
        var layers = new List<(string, nn.Module<Tensor, Tensor>)>();
        int ch = seed.Channels;
        for (int level = 0; level < config.Levels; level++)
        {
            bool time = level < seed.TimeDoublings;
            layers.Add(
                (
                    $"up{level}",
                    ChannelsLastConv.From(
                        nn.ConvTranspose3d(
                            ch,
                            ch / 2,
                            kernel_size: (time ? 4 : 3, 4, 4),
                            stride: (time ? 2 : 1, 2, 2),
                            padding: (1, 1, 1),
                            bias: false
                        )
                    )
                )
            );
            layers.Add(($"norm{level}", nn.BatchNorm3d(ch / 2)));
            layers.Add(($"act{level}", nn.ReLU()));
            ch /= 2;
        }
        layers.Add(("to_rgb", ChannelsLastConv.From(nn.Conv3d(ch, 3, kernel_size: 3, padding: 1))));
        layers.Add(("tanh", nn.Tanh()));
        body = nn.Sequential(layers);
        RegisterComponents();
        Init.Dcgan(this);
    }

    public override Tensor forward(Tensor z, Tensor? classes, Tensor? context)
    {
        var x = ChannelsLast.Of(nn.functional.relu(projectNorm.call(seed.call(z, classes))));
        return body.call(x);
    }
}
