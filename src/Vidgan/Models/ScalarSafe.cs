using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Vidgan.Models;

/// <summary>Stand-ins for TorchSharp types that pass libtorch a number through a <see cref="Scalar"/> created on the
/// fly, made to hold each such Scalar until the call has returned.</summary>
/// <remarks>TorchSharp 0.107 converts a number to a Scalar implicitly and passes only its native handle: nothing
/// references the Scalar during the call, so a collection started by another thread can finalise it, freeing the
/// native value while libtorch reads it (seen as "Unknown scalar type" and as a crash in the test host;
/// dotnet/TorchSharp#1434, #1496). The types here make most of a training step's Scalars. A Scalar held by a static
/// field is never finalised; one made per call is held by a <c>using</c> to the end of its scope.</remarks>
public static class ScalarSafe
{
    static readonly Scalar Slope = 0.2.ToScalar();

    /// <summary>1, also as the alpha that TorchSharp's <c>add(Scalar)</c> would otherwise make on the fly.</summary>
    public static readonly Scalar One = 1.ToScalar();

    public static Tensor PlusOne(Tensor x) => x.add(One, One);

    public static Tensor OneMinus(Tensor x) => x.negative().add_(One, One);

    /// <summary>Leaky ReLU with DCGAN's negative slope of 0.2, the one every network here uses.</summary>
    public static Tensor ApplyLeakyRelu(Tensor x) => x.leaky_relu(Slope);

    /// <summary>nn.LeakyReLU(0.2) as a module.</summary>
    public sealed class LeakyReLU() : nn.Module<Tensor, Tensor>(nameof(LeakyReLU))
    {
        public override Tensor forward(Tensor x) => ApplyLeakyRelu(x);
    }

    /// <summary>torch.optim.Adam (no weight decay, no AMSGrad) with the same state and arithmetic. Its type name stays
    /// "Adam" because TorchSharp writes it into the saved optimizer state and checks it on loading: checkpoints move
    /// between the two unchanged.</summary>
    public sealed class Adam(IEnumerable<Parameter> parameters, double lr, double beta1, double beta2)
        : TorchSharp.Modules.Adam(parameters, lr, beta1, beta2)
    {
        public override Tensor step(Func<Tensor>? closure = null) => _step<ParamGroup>(Update, closure);

        void Update(ParamGroup group)
        {
            var options = (Options)group.Options;
            double beta1 = options.beta1!.Value,
                beta2 = options.beta2!.Value;
            using Scalar keep1 = beta1.ToScalar(),
                take1 = (1 - beta1).ToScalar(),
                keep2 = beta2.ToScalar(),
                take2 = (1 - beta2).ToScalar(),
                eps = options.eps!.Value.ToScalar();
            foreach (var param in group.Parameters)
            {
                if (param.grad is not Tensor grad)
                    continue;
                var state = (State)_state[param.Handle];
                state.step += 1;
                double correction1 = 1 - Math.Pow(beta1, state.step),
                    correction2 = 1 - Math.Pow(beta2, state.step);
                state.exp_avg.mul_(keep1).add_(grad, alpha: take1);
                state.exp_avg_sq.mul_(keep2).addcmul_(grad, grad.conj(), value: take2);
                using Scalar root2 = Math.Sqrt(correction2).ToScalar(),
                    stepSize = (-options.LearningRate!.Value / correction1).ToScalar();
                var denominator = state.exp_avg_sq.sqrt().div_(root2).add_(eps, One);
                param.addcdiv_(state.exp_avg, denominator, value: stepSize);
            }
        }
    }
}
