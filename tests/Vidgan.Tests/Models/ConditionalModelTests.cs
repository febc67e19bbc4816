using TorchSharp;
using Vidgan.Models;
using Vidgan.Util;
using static TorchSharp.torch;

namespace Vidgan.Tests.Models;

/// <summary>The generators of the image → video and video → video modes (unet, and layered with given frames), and the
/// rules for which model can take which condition.</summary>
public class ConditionalModelTests
{
    static ModelConfig Config(string condition, int context, int classes = 0, string arch = "unet", int frames = 8) =>
        new()
        {
            Architecture = arch,
            Condition = SettingNames.Parse<Condition>(condition, "condition"),
            ContextFrames = context,
            Size = 16,
            Frames = frames,
            ZDim = 16,
            GeneratorWidth = 8,
            DiscriminatorWidth = 8,
            ImageFrames = 2,
            Classes = Enumerable.Range(0, classes).Select(i => $"c{i}").ToArray(),
        };

    [Theory]
    [InlineData("unet", "image", 1, 0)]
    [InlineData("unet", "image", 1, 3)]
    [InlineData("unet", "video", 3, 0)]
    [InlineData("unet", "video", 7, 2)]
    [InlineData("layered", "image", 1, 0)]
    [InlineData("layered", "video", 3, 2)]
    [InlineData("layered", "video", 7, 0)]
    public void KeepsTheGivenFramesAndPredictsTheRest(string arch, string condition, int k, int classes)
    {
        var config = Config(condition, k, classes, arch);
        using var models = new GanModels(config, CPU);
        models.Generator.eval();
        var context = torch.rand(new long[] { 3, 3, k, 16, 16 }) * 2 - 1;
        Tensor? y = classes > 0 ? torch.tensor(new long[] { 0, 1, 0 }) : null;
        int noise = ModelRegistry.NoiseDim(config);
        var clips = models.Generator.Generate(torch.randn(3, noise), y, context);
        Assert.Equal(new long[] { 3, 3, 8, 16, 16 }, clips.shape);
        Assert.True(
            torch.allclose(clips.narrow(2, 0, k), context, rtol: 0, atol: 0),
            "the given frames come back unchanged"
        );
        var other = models.Generator.Generate(torch.randn(3, noise), y, context.flip(4));
        Assert.False(
            torch.allclose(clips.narrow(2, k, 8 - k), other.narrow(2, k, 8 - k), rtol: 0, atol: 1e-4f),
            "the prediction depends on the given frames"
        );
    }

    [Theory]
    [InlineData("unet")]
    [InlineData("layered")]
    public void GradientsReachEveryParameter(string arch)
    {
        var config = Config("video", 3, classes: 2, arch);
        using var models = new GanModels(config, CPU);
        var y = torch.tensor(new long[] { 0, 1, 1, 0 });
        var clips = models.Generator.Generate(
            torch.randn(4, ModelRegistry.NoiseDim(config)),
            y,
            torch.rand(new long[] { 4, 3, 3, 16, 16 })
        );
        (models.VideoDiscriminator.forward(clips, y).mean() + clips.narrow(2, 3, 5).abs().mean()).backward();
        foreach (var (name, p) in models.Generator.named_parameters())
            Assert.True(p.grad is not null && p.grad.abs().sum().item<float>() > 0, $"{name} gets no gradient");
    }

    [Theory]
    [InlineData("unet")]
    [InlineData("layered")]
    public void OverfitsEightClipsWithTheReconstructionLoss(string arch)
    {
        torch.manual_seed(5);
        var config = Config("video", 4, arch: arch);
        using var models = new GanModels(config, CPU);
        // Eight clips of a bright square moving right by one pixel per frame.
        var clips = -torch.ones(new long[] { 8, 3, 8, 16, 16 });
        for (int i = 0; i < 8; i++)
        for (int t = 0; t < 8; t++)
            clips[i, TensorIndex.Colon, t, TensorIndex.Slice(2 + i % 4, 6 + i % 4), TensorIndex.Slice(t, t + 4)] =
                torch.tensor(1f);
        var opt = new ScalarSafe.Adam(models.Generator.parameters(), 2e-3, 0.9, 0.999);
        var losses = new List<double>();
        for (int step = 0; step < 40; step++)
        {
            using var scope = torch.NewDisposeScope();
            var fake = models.Generator.Generate(
                torch.randn(8, ModelRegistry.NoiseDim(config)),
                null,
                clips.narrow(2, 0, 4)
            );
            var loss = (fake.narrow(2, 4, 4) - clips.narrow(2, 4, 4)).abs().mean();
            opt.zero_grad();
            loss.backward();
            opt.step();
            losses.Add(loss.item<float>());
        }
        Assert.True(
            losses.Skip(35).Average() < 0.5 * losses.Take(3).Average(),
            $"L1 went from {losses.Take(3).Average():0.000} to {losses.Skip(35).Average():0.000}"
        );
    }

    [Fact]
    public void MedianColourIsTheBackgroundUnderASmallObject()
    {
        var clips = torch.tensor(new[] { -0.8f, 0.2f, 0.5f }).view(1, 3, 1, 1, 1).expand(2, 3, 4, 8, 8).clone();
        clips[1] = clips[1] * -1;
        // An object of colour (1, -1, 1) on 9 of each frame's 64 pixels: neither the minimum, the maximum nor the mean.
        clips[
            TensorIndex.Colon,
            TensorIndex.Colon,
            TensorIndex.Colon,
            TensorIndex.Slice(0, 3),
            TensorIndex.Slice(0, 3)
        ] = torch.tensor(new[] { 1f, -1f, 1f }).view(1, 3, 1, 1, 1);
        var expected = torch.tensor(new[] { -0.8f, 0.2f, 0.5f, 0.8f, -0.2f, -0.5f }).view(2, 3);
        Assert.True(torch.allclose(ClipTensors.MedianColour(clips), expected, rtol: 0, atol: 1e-6));
    }

    [Fact]
    public void CentringOnTheObjectAndMovingItBackReproducesTheFrame()
    {
        // A 4×4 square at columns 5–8, rows 6–9 of a dark 16×16 frame: its centre is one pixel left of the frame's.
        var frame = -torch.ones(new long[] { 1, 3, 16, 16 });
        frame[TensorIndex.Colon, TensorIndex.Colon, TensorIndex.Slice(6, 10), TensorIndex.Slice(5, 9)] = torch.tensor(
            1f
        );
        var centre = torch.tensor(new[] { -2f / 16, 0f }).view(1, 2);
        var sprite = SpriteMotion.Centre(frame, centre, -torch.ones(new long[] { 1, 3, 1, 1 }));
        var middle = sprite.index(
            TensorIndex.Colon,
            TensorIndex.Colon,
            TensorIndex.Slice(6, 10),
            TensorIndex.Slice(6, 10)
        );
        Assert.True(middle.eq(1).all().item<bool>(), "the object sits in the middle of the sprite");
        Assert.Equal(-1f, sprite.select(3, 15).max().item<float>(), 5); // what came from outside is background
        var back = SpriteMotion.Warp(sprite, centre.view(1, 1, 2), torch.ones(1, 1, 1)).view(1, 3, 16, 16);
        Assert.True(
            torch.allclose(back.narrow(3, 0, 15), frame.narrow(3, 0, 15), rtol: 0, atol: 1e-5),
            "moved back, the frame is unchanged"
        );
    }

    [Theory]
    [InlineData(
        "none",
        0,
        0,
        "unet",
        "train it with setting 'model.condition' image or setting 'model.condition' " + "video"
    )]
    [InlineData("image", 1, 0, "dcgan3d", "needs an architecture that takes frames: layered or unet")]
    [InlineData("video", 8, 0, "unet", "leaves nothing to predict in a 8-frame clip")]
    [InlineData("video", 0, 0, "unet", "setting 'model.condition' video needs setting 'model.context_frames' K")]
    [InlineData("class", 0, 0, "dcgan3d", "setting 'model.condition' class needs clips labelled with classes")]
    [InlineData(
        "image",
        2,
        0,
        "unet",
        "setting 'model.context_frames' applies only to setting 'model.condition' " + "video"
    )]
    public void ModesTheModelCannotServeAreRefused(
        string condition,
        int context,
        int classes,
        string arch,
        string message
    )
    {
        var e = Assert.Throws<VidganException>(() => Config(condition, context, classes, arch).Validate());
        Assert.Contains(message, e.Message);
        Assert.Equal(2, e.ExitCode);
    }

    [Fact]
    public void ConditionalBatchNormStartsAsIdentityAndSeparatesClasses()
    {
        using var norm = new ConditionalBatchNorm(4, classes: 3);
        var x = torch.randn(new long[] { 6, 4, 2, 3, 3 });
        var same = norm.forward(x, torch.tensor(new long[] { 0, 0, 0, 0, 0, 0 }));
        Assert.True(
            same.mean().abs().item<float>() < 0.05 && Math.Abs(same.std().item<float>() - 1) < 0.1,
            "normalised, gains near 1"
        );
        using (torch.no_grad())
            foreach (var p in norm.parameters())
                p.add_(torch.randn_like(p));
        var a = norm.forward(x, torch.tensor(new long[] { 0, 0, 0, 0, 0, 0 }));
        var b = norm.forward(x, torch.tensor(new long[] { 2, 2, 2, 2, 2, 2 }));
        Assert.False(torch.allclose(a, b), "different classes scale and shift differently");
    }

    [Theory]
    [InlineData(3)]
    [InlineData(0)]
    public void ConditionalBatchNormOutsideTrainingIsTheRunningNormalisationThenTheClassAffine(int classes)
    {
        torch.manual_seed(3);
        using var norm = new ConditionalBatchNorm(4, classes);
        var labels = classes > 0 ? torch.tensor(new long[] { 0, 2, 1 }) : null;
        for (int i = 0; i < 4; i++)
            norm.forward(torch.randn(new long[] { 3, 4, 2, 3, 3 }) * 3 + 1, labels);
        using (torch.no_grad())
            foreach (var p in norm.parameters())
                p.add_(torch.randn_like(p));
        norm.eval();
        var x = ChannelsLast.Of(torch.randn(new long[] { 3, 4, 2, 3, 3 }));

        var folded = norm.forward(x, labels);

        var buffers = norm.named_buffers().ToDictionary(b => b.name, b => b.buffer);
        var weights = norm.named_parameters().ToDictionary(p => p.name, p => (Tensor)p.parameter);
        var (gain, shift) = labels is null
            ? (weights["weight"].expand(3, -1), weights["bias"].expand(3, -1))
            : (weights["gain.weight"].index_select(0, labels), weights["shift.weight"].index_select(0, labels));
        var reference =
            (x - buffers["norm.running_mean"].view(1, -1, 1, 1, 1))
                / (buffers["norm.running_var"].view(1, -1, 1, 1, 1) + 1e-5).sqrt()
                * gain.view(3, -1, 1, 1, 1)
            + shift.view(3, -1, 1, 1, 1);
        Assert.True(
            buffers["norm.running_mean"].abs().max().item<float>() > 0.1,
            "the running statistics moved away from their start"
        );
        Assert.True(torch.allclose(folded, reference, rtol: 1e-5, atol: 1e-5), "the same map as normalise-then-scale");
        Assert.Equal(1, folded.stride(1)); // channels-last, the layout the next convolution wants
    }
}
