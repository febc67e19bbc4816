using Vidgan.Models;
using static TorchSharp.torch;

namespace Vidgan.Evaluation;

/// <summary>A feature space that needs no labels and no training: a 3D CNN with fixed random weights (the same on every
/// machine, drawn from one seed). Naeem et al. (2020) found embeddings of randomly initialised networks useful for
/// fidelity and diversity measures where no trained network knows the domain. The network sees each clip beside its
/// frame-to-frame differences, so that motion counts as much as appearance; the features are the mean and standard
/// deviation over space and time of each of its three layers.</summary>
public sealed class RandomFeatures : IDisposable
{
    const ulong Seed = 20_261_202;
    const int Chunk = 64;
    static readonly int[] Widths = [32, 64, 128];

    readonly Tensor[] weights;

    public RandomFeatures(Device device)
    {
        using var generator = new Generator(Seed);
        int input = 6;
        weights = new Tensor[Widths.Length];
        for (int i = 0; i < Widths.Length; i++)
        {
            // He initialisation keeps the activations' scale from layer to layer.
            double scale = Math.Sqrt(2.0 / (input * 27));
            using var w = randn(new long[] { Widths[i], input, 3, 3, 3 }, generator: generator);
            weights[i] = (w * scale).to(device);
            input = Widths[i];
        }
    }

    public static int Dimensions => 2 * Widths.Sum();

    /// <summary>Features (N, <see cref="Dimensions"/>) of clips (N, 3, T, H, W) in [-1, 1].</summary>
    public Tensor Of(Tensor clips)
    {
        using var noGrad = no_grad();
        return Chunked(clips, OfChunk);
    }

    /// <summary>Features of clips stored as bytes (N, T, H, W, 3), converted a chunk at a time.</summary>
    public Tensor OfBytes(Tensor bytes)
    {
        using var noGrad = no_grad();
        return Chunked(bytes, chunk => OfChunk(ClipTensors.FromBytes(chunk)));
    }

    static Tensor Chunked(Tensor input, Func<Tensor, Tensor> apply)
    {
        var parts = new List<Tensor>();
        for (long from = 0; from < input.shape[0]; from += Chunk)
            using (var scope = NewDisposeScope())
                parts.Add(
                    apply(input.narrow(0, from, Math.Min(Chunk, input.shape[0] - from))).MoveToOuterDisposeScope()
                );
        var all = cat(parts, 0);
        foreach (var p in parts)
            p.Dispose();
        return all;
    }

    Tensor OfChunk(Tensor clips)
    {
        var x = clips.to(weights[0].device).to_type(ScalarType.Float32);
        var motion = cat(
            [zeros_like(x.narrow(2, 0, 1)), x.narrow(2, 1, x.shape[2] - 1) - x.narrow(2, 0, x.shape[2] - 1)],
            2
        );
        var h = cat([x, motion], 1);
        var pooled = new List<Tensor>();
        for (int i = 0; i < weights.Length; i++)
        {
            var stride = i == 0 ? new long[] { 1, 2, 2 } : new long[] { 2, 2, 2 };
            h = ScalarSafe.ApplyLeakyRelu(
                nn.functional.conv3d(ChannelsLast.Of(h), weights[i], strides: stride, padding: [1, 1, 1])
            );
            var flat = h.flatten(2);
            pooled.Add(flat.mean([2]));
            pooled.Add(flat.std(2));
        }
        return cat(pooled, 1).cpu();
    }

    public void Dispose()
    {
        foreach (var w in weights)
            w.Dispose();
    }
}
