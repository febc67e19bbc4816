using TorchSharp;
using TorchSharp.Modules;
using Vidgan.Models;
using static TorchSharp.torch;

namespace Vidgan.Tests.Models;

/// <summary>The Adam that holds its scalars is TorchSharp's Adam step for step, state included.</summary>
public class ScalarSafeTests
{
    static (Sequential Net, Tensor Input, Tensor Target) Problem()
    {
        torch.manual_seed(7);
        var net = nn.Sequential(nn.Linear(6, 5), nn.Tanh(), nn.Linear(5, 3));
        return (net, torch.randn(8, 6), torch.randn(8, 3));
    }

    static void Train(Sequential net, torch.optim.Optimizer optimizer, Tensor input, Tensor target, int steps)
    {
        for (int i = 0; i < steps; i++)
        {
            optimizer.zero_grad();
            nn.functional.mse_loss(net.forward(input), target).backward();
            optimizer.step();
        }
    }

    [Fact]
    public void AdamStepsAsTorchSharpsDoesIncludingALearningRateChangedMidRun()
    {
        var (reference, input, target) = Problem();
        var (held, _, _) = Problem();
        var torchAdam = torch.optim.Adam(reference.parameters(), 0.01, 0.5, 0.9);
        var safeAdam = new ScalarSafe.Adam(held.parameters(), 0.01, 0.5, 0.9);
        Train(reference, torchAdam, input, target, 5);
        Train(held, safeAdam, input, target, 5);
        foreach (var group in torchAdam.ParamGroups.Concat(safeAdam.ParamGroups))
            group.LearningRate = 0.003;
        Train(reference, torchAdam, input, target, 5);
        Train(held, safeAdam, input, target, 5);

        var before = Problem().Net.parameters().First();
        Assert.False(before.allclose(held.parameters().First()), "ten steps moved the weights");
        foreach (var (a, b) in reference.parameters().Zip(held.parameters()))
            Assert.True(a.eq(b).all().item<bool>(), "the same weights after ten steps");
    }

    /// <summary>Checkpoints written before hold TorchSharp's Adam: they resume, and new ones load into it.</summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void AdamStateMovesBetweenItAndTorchSharpsAdam(bool fromTorchSharp)
    {
        var (net, input, target) = Problem();
        OptimizerHelper Make(bool torchSharps) =>
            torchSharps
                ? torch.optim.Adam(net.parameters(), 0.01, 0.5, 0.9)
                : new ScalarSafe.Adam(net.parameters(), 0.01, 0.5, 0.9);
        var writer = Make(fromTorchSharp);
        Train(net, writer, input, target, 3);
        using var stream = new MemoryStream();
        using (var binary = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
            writer.save_state_dict(binary);

        var reader = Make(!fromTorchSharp);
        stream.Position = 0;
        using (var binary = new BinaryReader(stream, System.Text.Encoding.UTF8, leaveOpen: true))
            reader.load_state_dict(binary);
        var saved = (TorchSharp.Modules.Adam.State)writer.state_dict().State[0];
        var loaded = (TorchSharp.Modules.Adam.State)reader.state_dict().State[0];
        Assert.Equal(3, saved.step);
        Assert.Equal(saved.step, loaded.step);
        Assert.True(saved.exp_avg_sq.gt(0).any().item<bool>());
        Assert.True(saved.exp_avg.eq(loaded.exp_avg).all().item<bool>());
        Assert.True(saved.exp_avg_sq.eq(loaded.exp_avg_sq).all().item<bool>());
    }

    [Fact]
    public void LeakyReluIsTorchSharpsWithSlopeTwoTenthsForwardAndBackward()
    {
        torch.manual_seed(3);
        var x = torch.randn(4, 5).requires_grad_(true);
        var y = x.detach().clone().requires_grad_(true);
        var ours = new ScalarSafe.LeakyReLU().forward(x);
        var theirs = nn.LeakyReLU(0.2).forward(y);
        Assert.True(x.lt(0).any().item<bool>() && x.gt(0).any().item<bool>());
        Assert.True(ours.eq(theirs).all().item<bool>());
        Assert.True(ours.eq(x.detach()).logical_not().any().item<bool>(), "negative inputs are scaled");
        (ours * torch.arange(20).view(4, 5)).sum().backward();
        (theirs * torch.arange(20).view(4, 5)).sum().backward();
        Assert.True(x.grad!.eq(y.grad!).all().item<bool>());
    }

    [Fact]
    public void PlusOneAndOneMinusAreTheArithmeticTheyName()
    {
        var x = torch.tensor(new float[] { -2f, 0f, 0.5f, 3f });
        Assert.Equal(new float[] { -1f, 1f, 1.5f, 4f }, ScalarSafe.PlusOne(x).data<float>().ToArray());
        Assert.Equal(new float[] { 3f, 1f, 0.5f, -2f }, ScalarSafe.OneMinus(x).data<float>().ToArray());
        Assert.Equal(new float[] { -2f, 0f, 0.5f, 3f }, x.data<float>().ToArray());
    }
}
