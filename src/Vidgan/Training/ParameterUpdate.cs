using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Vidgan.Training;

/// <summary>One optimizer's zero-grad and step. With working pairs (mixed precision), gradients come from the
/// bfloat16 working parameters, the optimizer updates the float32 masters, and the result is copied back.</summary>
public sealed class ParameterUpdate(
    OptimizerHelper optimizer,
    IReadOnlyList<(Parameter Master, Parameter Work)>? working = null
)
{
    public OptimizerHelper Optimizer => optimizer;

    public void ZeroGrad()
    {
        optimizer.zero_grad();
        if (working == null)
            return;
        foreach (var (_, work) in working)
            work.grad?.zero_();
    }

    /// <summary>True when every gradient is finite (one pass over them and one wait for the result).</summary>
    public bool GradientsFinite()
    {
        var grads = (working?.Select(p => p.Work) ?? optimizer.parameters()).Select(p => p.grad).OfType<Tensor>();
        using var scope = torch.NewDisposeScope();
        var sums = grads.Select(g => g.sum(type: ScalarType.Float32)).ToArray();
        return sums.Length == 0 || torch.stack(sums).sum().isfinite().item<bool>();
    }

    public void Step()
    {
        if (working != null)
            using (torch.no_grad())
                foreach (var (master, work) in working)
                {
                    if (work.grad is not Tensor g)
                        continue;
                    if (master.grad is Tensor existing)
                        existing.copy_(g);
                    else
                        master.grad = g.to(master.dtype);
                }
        optimizer.step();
        if (working == null)
            return;
        using (torch.no_grad())
            foreach (var (master, work) in working)
                work.copy_(master);
    }
}
