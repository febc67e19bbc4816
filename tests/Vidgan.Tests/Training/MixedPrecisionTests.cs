using TorchSharp;
using Vidgan.Models;
using Vidgan.Runs;
using Vidgan.Training;
using static TorchSharp.torch;

namespace Vidgan.Tests.Training;

public class MixedPrecisionTests
{
    static TrainConfig Config(
        string architecture,
        DiscriminatorKind discriminator,
        Objective objective = Objective.Gan,
        Condition condition = Condition.Class,
        int videoDownsample = 1
    ) =>
        new()
        {
            Model = new ModelConfig
            {
                Architecture = architecture,
                Discriminator = discriminator,
                Objective = objective,
                Size = 16,
                Frames = 8,
                ZDim = 16,
                GeneratorWidth = 8,
                DiscriminatorWidth = 8,
                ImageFrames = 2,
                Classes = new[] { "a", "b" },
                AuxClassifierWeight = 1,
                Condition = condition,
                ContextFrames = condition == Condition.Video ? 2 : 0,
                VideoDownsample = videoDownsample,
            },
            Batch = 4,
            Precision = Precision.Bf16,
            R1Every = 2,
        };

    public static TheoryData<string, DiscriminatorKind, Objective, Condition, int> EveryModel()
    {
        var data = new TheoryData<string, DiscriminatorKind, Objective, Condition, int>();
        foreach (var d in Enum.GetValues<DiscriminatorKind>())
        {
            foreach (var arch in new[] { "dcgan3d", "resnet", "mocogan", "layered" })
                data.Add(arch, d, Objective.Gan, Condition.Class, 1);
            data.Add("layered", d, Objective.Gan, Condition.Class, 2);
            data.Add("unet", d, Objective.Gan, Condition.Video, 1);
            data.Add("layered", d, Objective.Gan, Condition.Video, 1);
            foreach (var arch in new[] { "dcgan3d", "resnet" })
            {
                data.Add(arch, d, Objective.Vae, Condition.Class, 1);
                data.Add(arch, d, Objective.VaeGan, Condition.Class, 1);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(EveryModel))]
    public void Bf16StepsStayFiniteAndUpdateFloat32MasterWeights(
        string architecture,
        DiscriminatorKind discriminator,
        Objective objective,
        Condition condition,
        int videoDownsample
    )
    {
        torch.manual_seed(2);
        var config = Config(architecture, discriminator, objective, condition, videoDownsample);
        using var master = new GanModels(config.Model, CPU);
        var optG = new ScalarSafe.Adam(master.GeneratorSideParameters, 1e-3, 0.5, 0.999);
        var optD = new ScalarSafe.Adam(
            master.VideoDiscriminator.parameters().Concat(master.ImageDiscriminator.parameters()),
            1e-3,
            0.5,
            0.999
        );
        using var mixed = new MixedPrecision(master);
        var before = master.Generator.parameters().Select(p => p.detach().clone()).ToArray();
        var step = new GanStep(mixed.Working, mixed.GeneratorUpdate(optG), mixed.DiscriminatorUpdate(optD), config);
        for (int i = 0; i < 4; i++)
        {
            var real = (torch.rand(new long[] { 4, 3, 8, 16, 16 }) * 2 - 1).to(MixedPrecision.WorkingType);
            var losses = step.Run(real, torch.tensor(new long[] { 0, 1, 0, 1 }), torch.tensor(new long[] { 0, 7 }));
            Assert.True(double.IsFinite(losses.LossD) && double.IsFinite(losses.LossG), $"step {i}: {losses}");
            mixed.SyncBuffers();
        }
        var all = new nn.Module[] { master.Generator, master.VideoDiscriminator, master.ImageDiscriminator };
        foreach (var module in all)
        foreach (var (name, p) in module.named_parameters())
            Assert.True(torch.isfinite(p).all().item<bool>(), $"{module.GetName()}.{name} is finite");
        var masterParams = master.Generator.parameters().ToArray();
        Assert.All(masterParams, p => Assert.Equal(ScalarType.Float32, p.dtype));
        Assert.All(mixed.Working.Generator.parameters(), p => Assert.Equal(ScalarType.BFloat16, p.dtype));
        Assert.True(masterParams.Zip(before).Any(x => !torch.allclose(x.First, x.Second)), "the float32 weights moved");
        foreach (var (m, w) in masterParams.Zip(mixed.Working.Generator.parameters()))
            Assert.True(
                torch.allclose(
                    m.to(ScalarType.BFloat16).to(ScalarType.Float32),
                    w.to(ScalarType.Float32),
                    rtol: 0,
                    atol: 0
                ),
                "working copy = master rounded to bf16"
            );
        var workingStats = mixed.Working.Generator.named_buffers().ToDictionary(b => b.name, b => b.buffer);
        foreach (var (name, b) in master.Generator.named_buffers())
            Assert.True(
                torch.allclose(b.to(ScalarType.Float32), workingStats[name].to(ScalarType.Float32), rtol: 0, atol: 0),
                $"buffer {name} synced"
            );
    }
}
