using TorchSharp;
using Vidgan.Models;
using static TorchSharp.torch;

namespace Vidgan.Evaluation;

/// <summary>The standard FVD's feature extractor: a user-supplied I3D (Kinetics-400) TorchScript file. Clips follow the
/// usual protocol: 16 frames, each resized bilinearly to 224×224, values in [-1, 1]; the features are the 400 logits.
/// Vidgan ships no weights (nothing may be downloaded); the file is the user's.</summary>
public sealed class I3dFeatures : IDisposable
{
    public const int Frames = 16,
        Side = 224,
        Logits = 400;
    readonly jit.ScriptModule<Tensor, Tensor> module;
    readonly string path;
    readonly Device device;

    I3dFeatures(jit.ScriptModule<Tensor, Tensor> module, string path, Device device)
    {
        this.module = module;
        this.path = path;
        this.device = device;
    }

    public static I3dFeatures Load(string path, Device device)
    {
        if (!File.Exists(path))
            throw new VidganException(
                $"setting 'i3d' {path} does not exist (give the path of an I3D Kinetics-400 TorchScript file)",
                2
            );
        try
        {
            var module = torch.jit.load<Tensor, Tensor>(path, device);
            module.eval();
            return new I3dFeatures(module, Path.GetFullPath(path), device);
        }
        catch (Exception e) when (e is not VidganException)
        {
            throw new VidganException(
                $"setting 'i3d' {path} is not a TorchScript module that libtorch can load "
                    + $"({e.Message.Split('\n')[0].Trim()})",
                2
            );
        }
    }

    /// <summary>Logits (N, 400) for clips (N, 3, T, H, W) in [-1, 1] with T ≥ 16 (the first 16 frames are
    /// used).</summary>
    public Tensor Features(Tensor clips, int batch = 8)
    {
        if (clips.shape[2] < Frames)
            throw new VidganException(
                $"the standard FVD uses {Frames}-frame clips; these clips have {clips.shape[2]} frames",
                2
            );
        var parts = new List<Tensor>();
        using var _ = torch.no_grad();
        for (long start = 0; start < clips.shape[0]; start += batch)
        {
            using var scope = torch.NewDisposeScope();
            long n = Math.Min(batch, clips.shape[0] - start);
            var x = clips.narrow(0, start, n).narrow(2, 0, Frames).to(ScalarType.Float32, device);
            // (N, 3, T, H, W) → frames (N·T, 3, H, W) → 224×224 bilinear → back to (N, 3, T, 224, 224).
            var frames = x.permute(0, 2, 1, 3, 4).reshape(n * Frames, 3, x.shape[3], x.shape[4]);
            frames = nn.functional.interpolate(
                frames,
                new long[] { Side, Side },
                mode: InterpolationMode.Bilinear,
                align_corners: false
            );
            var input = ChannelsLast.Of(frames.view(n, Frames, 3, Side, Side).permute(0, 2, 1, 3, 4));
            Tensor output;
            try
            {
                output = module.forward(input);
            }
            catch (Exception e)
            {
                throw new VidganException(
                    $"setting 'i3d' {path} failed on a batch of shape [{n}, 3, {Frames}, {Side}, {Side}] "
                        + $"({e.Message.Split('\n')[0].Trim()}); "
                        + "it must take (N, 3, 16, 224, 224) clips in [-1, 1] and return (N, 400) logits",
                    2
                );
            }
            if (output.dim() != 2 || output.shape[0] != n || output.shape[1] != Logits)
                throw new VidganException(
                    $"setting 'i3d' {path} returned shape [{string.Join(", ", output.shape)}] for {n} clips; "
                        + $"the standard I3D returns ({n}, {Logits}) Kinetics-400 logits",
                    2
                );
            parts.Add(output.to(ScalarType.Float64, CPU).MoveToOuterDisposeScope());
        }
        var all = torch.cat(parts, 0);
        foreach (var p in parts)
            p.Dispose();
        return all;
    }

    public void Dispose() => module.Dispose();
}
