using TorchSharp;
using Vidgan.Runs;
using Vidgan.Training;
using static TorchSharp.torch;

namespace Vidgan.Tests.Training;

public class DiffAugmentTests
{
    [Theory]
    [InlineData("color")]
    [InlineData("translation")]
    [InlineData("cutout")]
    [InlineData("color,translation,cutout")]
    public void EachClipGetsOneChangeSharedByAllItsFrames(string policy)
    {
        torch.manual_seed(3);
        // Clips whose frames are all the same picture stay that way: the augmentation must not differ per frame.
        var picture = torch.rand(new long[] { 6, 3, 1, 16, 16 }) * 2 - 1;
        var clips = picture.expand(-1, -1, 5, -1, -1).contiguous().requires_grad_(true);
        var augmented = DiffAugment.Apply(clips, Augmentations.Parse(policy));
        Assert.Equal(clips.shape, augmented.shape);
        for (int t = 1; t < 5; t++)
            Assert.True(
                torch.allclose(augmented.select(2, 0), augmented.select(2, t), rtol: 0, atol: 1e-6),
                $"frame {t} differs from frame 0"
            );
        Assert.False(torch.allclose(augmented, clips), "the clips changed");
        augmented.sum().backward();
        Assert.True(
            clips.grad is not null && clips.grad.abs().sum().item<float>() > 0,
            "gradients flow back to the clips"
        );
    }

    [Fact]
    public void TranslationMovesPixelsWithoutChangingThem()
    {
        torch.manual_seed(4);
        var clips = torch.zeros(new long[] { 8, 1, 2, 16, 16 });
        clips[TensorIndex.Colon, TensorIndex.Colon, TensorIndex.Colon, 8, 8] = torch.tensor(1f);
        var moved = DiffAugment.Apply(clips, new[] { "translation" });
        Assert.Equal(8 * 2, moved.sum().item<float>(), 4); // the dot stays whole (it is far from the border)
        Assert.True(moved.ne(clips).any().item<bool>(), "at least one clip moved");
    }

    [Fact]
    public void NoneMeansNoOperationsAndUnknownOperationsAreRefused()
    {
        Assert.Empty(Augmentations.Parse("none"));
        var e = Assert.Throws<VidganException>(() => Augmentations.Parse("color,blur"));
        Assert.Contains("unknown augmentation 'blur'", e.Message);
        Assert.Contains(
            "unknown augmentation 'rotate'",
            Assert.Throws<VidganException>(() => new TrainConfig { Augment = "rotate" }.Validate()).Message
        );
    }
}
