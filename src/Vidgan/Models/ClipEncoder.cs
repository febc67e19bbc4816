using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Vidgan.Models;

/// <summary>The VAE's inference network: strided 3D convolutions (as in the video discriminator, with batch norm
/// instead of spectral norm) from a clip to the mean and log-variance of its latent code, both (B, ZDim).</summary>
public sealed class ClipEncoder : nn.Module<Tensor, (Tensor Mean, Tensor LogVar)>
{
    readonly Sequential body;
    readonly Linear head;
    readonly int zDim;

    public ClipEncoder(ModelConfig config)
        : base(nameof(ClipEncoder))
    {
        zDim = config.ZDim;
        var layers = new List<(string, nn.Module<Tensor, Tensor>)>();
        int ch = 3,
            t = config.Frames;
        for (int level = 0; level < config.Levels; level++)
        {
            int next = config.DiscriminatorWidth << level;
            bool time = t >= 4;
            layers.Add(
                (
                    $"conv{level}",
                    ChannelsLastConv.From(
                        nn.Conv3d(
                            ch,
                            next,
                            kernel_size: (time ? 4 : 3, 4, 4),
                            stride: (time ? 2 : 1, 2, 2),
                            padding: (1, 1, 1),
                            bias: false
                        )
                    )
                )
            );
            layers.Add(($"norm{level}", nn.BatchNorm3d(next)));
            layers.Add(($"act{level}", new ScalarSafe.LeakyReLU()));
            if (time)
                t /= 2;
            ch = next;
        }
        body = nn.Sequential(layers);
        head = nn.Linear(ch * t * 16, 2 * zDim);
        RegisterComponents();
        Init.Dcgan(this);
    }

    public override (Tensor Mean, Tensor LogVar) forward(Tensor clips)
    {
        var stats = head.forward(body.forward(clips).flatten(1));
        return (stats.narrow(1, 0, zDim), stats.narrow(1, zDim, zDim).clamp(-10, 10));
    }
}
