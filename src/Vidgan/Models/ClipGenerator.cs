using static TorchSharp.torch;

namespace Vidgan.Models;

/// <summary>What every generator is: (noise (B, noise size), classes (B) or null, context frames (B, 3, K, H, W) or
/// null) → clip (B, 3, T, H, W) in [-1, 1]. Generators from noise alone ignore the context; generators trained with
/// a context (image → video, video → video) return the given frames unchanged as the clip's first K frames.</summary>
public abstract class ClipGenerator(string name) : nn.Module<Tensor, Tensor?, Tensor?, Tensor>(name)
{
    public Tensor Generate(Tensor z, Tensor? classes, Tensor? context = null) => forward(z, classes, context);
}
