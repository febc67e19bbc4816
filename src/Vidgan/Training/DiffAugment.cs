using TorchSharp;
using Vidgan.Models;
using static TorchSharp.torch;

namespace Vidgan.Training;

/// <summary>Differentiable augmentation (Zhao et al. 2020): the same random colour change, translation and cutout is
/// applied to real and generated clips before every discriminator pass, so that a discriminator trained on a few
/// hundred clips cannot memorise them, while gradients still flow through to the generator. Each clip gets one draw,
/// shared by all its frames, so motion is left intact.</summary>
public static class DiffAugment
{
    /// <param name="clips">(B, C, T, H, W) in [-1, 1].</param>
    /// <param name="probability">Each operation changes each clip with this probability, drawn anew per clip and
    /// operation.</param>
    public static Tensor Apply(Tensor clips, IReadOnlyList<string> ops, double probability = 1)
    {
        foreach (var op in ops)
        {
            var changed = op switch
            {
                "color" => Color(clips),
                "translation" => Translate(clips, 0.125),
                "cutout" => Cutout(clips, 0.5),
                _ => clips,
            };
            clips = probability >= 1 ? changed : torch.where(Chosen(clips, probability), changed, clips);
        }
        return clips;
    }

    static Tensor Chosen(Tensor clips, double probability) =>
        TorchRandom.Uniform([clips.shape[0], 1, 1, 1, 1], device: clips.device).lt(probability);

    static Tensor PerClip(Tensor clips) => TorchRandom.Uniform([clips.shape[0], 1, 1, 1, 1], clips.dtype, clips.device);

    /// <summary>Brightness ±0.5, saturation ×[0, 2], contrast ×[0.5, 1.5] (on the [-1, 1] scale, as in the paper's
    /// code).</summary>
    static Tensor Color(Tensor x)
    {
        x = x + (PerClip(x) - 0.5);
        var grey = x.mean(new long[] { 1 }, keepdim: true);
        x = (x - grey) * (PerClip(x) * 2) + grey;
        var mean = x.mean(new long[] { 1, 2, 3, 4 }, keepdim: true);
        return (x - mean) * (PerClip(x) + 0.5) + mean;
    }

    /// <summary>Shifts each clip by up to <paramref name="ratio"/> of its size in x and y, filling with
    /// zeros.</summary>
    static Tensor Translate(Tensor x, double ratio)
    {
        long b = x.shape[0],
            h = x.shape[3],
            w = x.shape[4];
        int maxY = (int)(h * ratio + 0.5),
            maxX = (int)(w * ratio + 0.5);
        if (maxY == 0 && maxX == 0)
            return x;
        var padded = nn.functional.pad(x, new long[] { maxX, maxX, maxY, maxY });
        var shiftY = TorchRandom.Integers(0, 2 * maxY + 1, [b]).data<long>().ToArray();
        var shiftX = TorchRandom.Integers(0, 2 * maxX + 1, [b]).data<long>().ToArray();
        var parts = new Tensor[b];
        for (int i = 0; i < b; i++)
            parts[i] = padded.narrow(0, i, 1).narrow(3, shiftY[i], h).narrow(4, shiftX[i], w);
        return torch.cat(parts, 0);
    }

    /// <summary>Zeros a square of <paramref name="ratio"/> × the size at a random place in each clip (all
    /// frames).</summary>
    static Tensor Cutout(Tensor x, double ratio)
    {
        long b = x.shape[0],
            h = x.shape[3],
            w = x.shape[4];
        long ch = (long)(h * ratio + 0.5),
            cw = (long)(w * ratio + 0.5);
        var centreY = TorchRandom.Integers(0, h + (1 - ch % 2), [b, 1, 1], x.device);
        var centreX = TorchRandom.Integers(0, w + (1 - cw % 2), [b, 1, 1], x.device);
        var ys = torch.arange(h, device: x.device).view(1, h, 1);
        var xs = torch.arange(w, device: x.device).view(1, 1, w);
        var inside =
            (ys - centreY + ch / 2).ge(0)
            & (ys - centreY + ch / 2).lt(ch)
            & (xs - centreX + cw / 2).ge(0)
            & (xs - centreX + cw / 2).lt(cw);
        var keep = inside.logical_not().to(x.dtype).view(b, 1, 1, h, w);
        return x * keep;
    }
}
