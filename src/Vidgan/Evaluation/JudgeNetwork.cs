using TorchSharp.Modules;
using Vidgan.Models;
using static TorchSharp.torch;

namespace Vidgan.Evaluation;

/// <summary>A small video classifier: four 3D convolutions with batch norm, global average pooling, a 128-d feature
/// layer and a class layer. Its features are the space Vidgan measures generated clips in (no pretrained network
/// needed).</summary>
public sealed class JudgeNetwork : nn.Module<Tensor, Tensor>
{
    public const int FeatureDim = 128;
    readonly Sequential body;
    readonly Linear feature,
        classify;

    public JudgeNetwork(int classes)
        : base(nameof(JudgeNetwork))
    {
        body = nn.Sequential(
            (
                "c0",
                ChannelsLastConv.From(nn.Conv3d(3, 32, kernel_size: (3, 3, 3), stride: (1, 2, 2), padding: (1, 1, 1)))
            ),
            ("n0", nn.BatchNorm3d(32)),
            ("a0", nn.ReLU()),
            ("c1", ChannelsLastConv.From(nn.Conv3d(32, 64, kernel_size: 3, stride: 2, padding: 1))),
            ("n1", nn.BatchNorm3d(64)),
            ("a1", nn.ReLU()),
            ("c2", ChannelsLastConv.From(nn.Conv3d(64, 128, kernel_size: 3, stride: 2, padding: 1))),
            ("n2", nn.BatchNorm3d(128)),
            ("a2", nn.ReLU()),
            (
                "c3",
                ChannelsLastConv.From(
                    nn.Conv3d(128, 128, kernel_size: (3, 3, 3), stride: (1, 2, 2), padding: (1, 1, 1))
                )
            ),
            ("n3", nn.BatchNorm3d(128)),
            ("a3", nn.ReLU())
        );
        feature = nn.Linear(128, FeatureDim);
        classify = nn.Linear(FeatureDim, Math.Max(1, classes));
        RegisterComponents();
    }

    /// <summary>Features (N, 128) of clips (N, 3, T, H, W) in [-1, 1].</summary>
    public Tensor Features(Tensor clips) =>
        nn.functional.relu(feature.forward(body.forward(clips).mean(new long[] { 2, 3, 4 })));

    public override Tensor forward(Tensor clips) => classify.forward(Features(clips));
}
