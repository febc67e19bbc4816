using static TorchSharp.torch;

namespace Vidgan.Models;

/// <summary>Weights that layers compute from their parameters on every forward pass (a spectrally normalized weight,
/// the up-sampling convolution's phase kernels), made once per parameter inside a <see cref="Reuse"/> scope: a loop
/// that samples or scores batch after batch with networks nobody changes meanwhile. Outside a scope, or wherever
/// gradients are recorded, each pass derives them afresh, as training needs.</summary>
public static class DerivedWeights
{
    [ThreadStatic]
    static Dictionary<(IntPtr Parameter, string Kind), Tensor>? reused;

    /// <summary>Until disposed, <see cref="Get"/> on this thread derives each weight once. The networks' parameters
    /// must not change before then. A scope opened inside another adds nothing: the outer one keeps the
    /// weights.</summary>
    public static IDisposable Reuse()
    {
        if (reused is not null)
            return new Scope(owner: false);
        reused = new Dictionary<(IntPtr, string), Tensor>();
        return new Scope(owner: true);
    }

    /// <summary>What <paramref name="derive"/> makes of <paramref name="parameter"/>: inside a scope and without
    /// gradients, the value made the first time.</summary>
    /// <param name="kind">Names the derivation, for a parameter that has more than one.</param>
    public static Tensor Get(Tensor parameter, string kind, Func<Tensor> derive)
    {
        if (reused is null || is_grad_enabled())
            return derive();
        var key = (parameter.Handle, kind);
        if (!reused.TryGetValue(key, out var weight))
            reused[key] = weight = derive().DetachFromDisposeScope();
        return weight;
    }

    sealed class Scope(bool owner) : IDisposable
    {
        bool disposed;

        public void Dispose()
        {
            if (disposed || !owner)
                return;
            disposed = true;
            foreach (var weight in reused!.Values)
                weight.Dispose();
            reused = null;
        }
    }
}
