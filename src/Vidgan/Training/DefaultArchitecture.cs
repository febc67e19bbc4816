using Vidgan.Data;
using Vidgan.Media;
using Vidgan.Models;
using Vidgan.Util;

namespace Vidgan.Training;

/// <summary>The generator `vidgan train` uses when no --arch is given: unet for the conditional modes; for clips drawn
/// from noise, layered when nearly all of the clips show one object moving over a plain background (there it beat
/// every other model by far in the benchmark), else resnet, the general model.</summary>
public static class DefaultArchitecture
{
    public const string General = "resnet";
    const double LayeredShare = 0.9;
    const int ProbeClips = 64;

    public sealed record Choice(string Architecture, string Reason);

    public static Choice For(TrainingSet data, int contextFrames, Objective objective)
    {
        if (contextFrames > 0)
            return new("unet", "it continues given frames");
        if (objective != Objective.Gan)
            return new(
                General,
                $"objective {SettingNames.Name(objective)} needs a generator drawn from one latent code"
            );
        var clips = Sample(data);
        double share = SceneProbe.ShareOfSingleObjectClips(clips);
        return share >= LayeredShare
            ? new(
                "layered",
                $"{share:P0} of {clips.Length} sampled clips show one object over a plain background; setting "
                    + "'model.architecture' "
                    + $"{General} for the general model"
            )
            : new(
                General,
                $"the general model: {share:P0} of {clips.Length} sampled clips show one object over a plain "
                    + "background, "
                    + $"layered needs {LayeredShare:P0}"
            );
    }

    static Clip[] Sample(TrainingSet data)
    {
        int count = Math.Min(ProbeClips, data.Count);
        var set = data.ClipSet;
        return Enumerable
            .Range(0, count)
            .Select(i =>
            {
                using var clip = data.Clips[(long)i * data.Count / count];
                return new Clip(clip.data<byte>().ToArray(), set.Frames, set.Size, set.Size, set.Fps);
            })
            .ToArray();
    }
}
