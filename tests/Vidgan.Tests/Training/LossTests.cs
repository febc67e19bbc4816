using TorchSharp;
using Vidgan.Runs;
using Vidgan.Training;
using static TorchSharp.torch;

namespace Vidgan.Tests.Training;

public class LossTests
{
    [Fact]
    public void LossesMatchTheirDefinitionsOnKnownLogits()
    {
        var real = torch.tensor(new[] { 2.0f, -0.5f });
        var fake = torch.tensor(new[] { -1.0f, 0.5f });
        double softplus(double x) => Math.Log(1 + Math.Exp(x));
        Assert.Equal(
            (softplus(-2) + softplus(0.5)) / 2 + (softplus(-1) + softplus(0.5)) / 2,
            Losses.Discriminator(GanLoss.Bce, real, fake).item<float>(),
            4
        );
        // hinge: mean(relu(1 − real)) + mean(relu(1 + fake)) = (0 + 1.5)/2 + (0 + 1.5)/2
        Assert.Equal(1.5, Losses.Discriminator(GanLoss.Hinge, real, fake).item<float>(), 5);
        Assert.Equal(-0.25 - 0.75, Losses.Discriminator(GanLoss.WganGp, real, fake).item<float>(), 5);
        Assert.Equal(0.25, Losses.Generator(GanLoss.Hinge, fake).item<float>(), 5);
    }

    [Fact]
    public void R1OfALinearCriticIsItsSquaredWeightNorm()
    {
        var w = torch.tensor(new[] { 1.0f, -2.0f, 0.5f });
        var r1 = Losses.R1(x => x.matmul(w), torch.randn(4, 3)).item<float>();
        Assert.Equal(1 + 4 + 0.25, r1, 4);
        var gp = Losses.GradientPenalty(x => x.matmul(w), torch.randn(4, 3), torch.randn(4, 3)).item<float>();
        Assert.Equal(Math.Pow(Math.Sqrt(5.25) - 1, 2), gp, 4);
    }

    [Fact]
    public void PenaltyGradientsWithRespectToWeightsMatchFiniteDifferences()
    {
        torch.manual_seed(2);
        var w1 = torch.randn(3, 5, dtype: float64).requires_grad_(true);
        var w2 = torch.randn(5, dtype: float64).requires_grad_(true);
        var x = torch.randn(6, 3, dtype: float64);
        Tensor Critic(Tensor input) => torch.tanh(input.matmul(w1)).matmul(w2);
        var penalty = Losses.R1(Critic, x);
        var analytic = torch.autograd.grad(new[] { penalty }, new[] { w1 })[0];
        const double h = 1e-6;
        for (int i = 0; i < 3; i++)
        for (int j = 0; j < 5; j++)
        {
            double Eval(double delta)
            {
                using var _ = torch.no_grad();
                var w = w1.detach().clone();
                w[i, j] = w[i, j] + delta;
                using var enabled = torch.enable_grad();
                return Losses.R1(input => torch.tanh(input.matmul(w)).matmul(w2.detach()), x).item<double>();
            }
            double numeric = (Eval(h) - Eval(-h)) / (2 * h);
            Assert.Equal(numeric, analytic[i, j].item<double>(), 5);
        }
    }
}
