using TorchSharp;
using Vidgan.Data;
using Vidgan.Library;
using Vidgan.Media;
using Vidgan.Models;
using Vidgan.Runs;
using Vidgan.Util;
using static TorchSharp.torch;

namespace Vidgan.Generation;

/// <summary>The frames a conditional model (image → video, video → video) starts from: a picture, the start of a
/// video file, or held-out clips from the library. All come back as (N, 3, K, S, S) in [-1, 1].</summary>
public static class GivenFrames
{
    /// <summary>A still image of exactly the model's size, with three colour channels.</summary>
    public static Tensor FromImage(string path, ModelConfig config)
    {
        if (config.ContextFrames == 0)
            throw NotConditional(config, "setting 'from_image'");
        if (config.Condition != Condition.Image)
            throw new VidganException(
                $"this model continues {config.ContextFrames} frames of video: use setting 'from_video', not "
                    + "setting 'from_image'",
                2
            );
        var info = VideoProbe.Probe(path, image: true);
        if (info.Width != config.Size || info.Height != config.Size)
            throw new VidganException(
                $"{path}: the image is {info.Width}×{info.Height}; this model takes {config.Size}×{config.Size} "
                    + $"(resize it, e.g. ffmpeg -i in.png -vf scale={config.Size}:{config.Size} out.png)",
                2
            );
        int channels = VideoProbe.Channels(info.PixelFormat);
        if (channels != 3)
            throw new VidganException(
                $"{path}: the image has {channels} channel(s) ({info.PixelFormat}); this model takes RGB "
                    + "(convert it, e.g. ffmpeg -i in.png -pix_fmt rgb24 out.png)",
                2
            );
        var clip = VideoDecoder.Decode(path, new DecodeOptions(config.Size, MaxFrames: 1));
        return ClipTensors.FromClips(new[] { clip });
    }

    /// <summary>The first K frames of a video, resampled to the model's frame rate and size.</summary>
    public static Tensor FromVideo(string path, ModelConfig config, double fps)
    {
        if (config.ContextFrames == 0)
            throw NotConditional(config, "setting 'from_video'");
        if (config.Condition != Condition.Video)
            throw new VidganException(
                "this model animates a still image: use setting 'from_image', not setting " + "'from_video'",
                2
            );
        var info = VideoProbe.Probe(path);
        var clip = VideoDecoder.Decode(
            path,
            new DecodeOptions(config.Size, fps, MaxFrames: config.ContextFrames),
            info.DurationSeconds
        );
        if (clip.Frames < config.ContextFrames)
            throw new VidganException(
                $"{path}: only {clip.Frames} frame(s) at {fps:0.##} fps; this model needs {config.ContextFrames}",
                2
            );
        return ClipTensors.FromClips(new[] { clip.Slice(0, config.ContextFrames) });
    }

    /// <summary><paramref name="count"/> clips of the run's held-out test split (the training split when there is no
    /// test split), drawn in a seeded order and repeated as needed: their first K frames and their classes.</summary>
    public static (Tensor Context, Tensor Clips, int[] Classes) FromLibrary(
        VidganLibrary library,
        TrainConfig run,
        int count,
        long seed,
        string? className = null
    )
    {
        var model = run.Model;
        var set =
            library.Catalog.FindClipSet(run.ClipSetKey)
            ?? throw new VidganException(
                $"the clips this run was trained on are not in {library.Root}: pass setting 'from_image' or "
                    + "setting 'from_video'"
            );
        var split = library.Catalog.Clips(set.Id, Split.Test).Count > 0 ? Split.Test : Split.Train;
        using var data = TrainingSet.Load(
            library,
            set,
            split,
            model.Conditional,
            model.Conditional ? model.Classes : null
        );
        var candidates = Enumerable
            .Range(0, data.Count)
            .Where(i => className == null || data.ClassNames[(int)data.ClassIndices[i]] == className)
            .ToArray();
        if (candidates.Length == 0)
            throw new VidganException($"no {split} clips of class '{className}' to start from", 2);
        new Random((int)(seed % int.MaxValue)).Shuffle(candidates);
        var picked = Enumerable.Range(0, count).Select(i => (long)candidates[i % candidates.Length]).ToArray();
        using var index = torch.tensor(picked);
        var clips = ClipTensors.FromBytes(data.Clips.index_select(0, index));
        var classes = picked.Select(i => model.Conditional ? (int)data.ClassIndices[i] : 0).ToArray();
        return (clips.narrow(2, 0, model.ContextFrames).contiguous(), clips, classes);
    }

    /// <summary>The frames a conditional model starts from: the given image or video, else held-out clips of the
    /// library (whose classes then become the requested ones unless --class was given). Null for noise-only
    /// models.</summary>
    public static Tensor? ForRequest(
        VidganLibrary? library,
        GenerateOptions o,
        TrainConfig run,
        int count,
        double fps,
        ref int[] classes
    )
    {
        var config = run.Model;
        if (o.FromImage != null && o.FromVideo != null)
            throw new VidganException("give setting 'from_image' or setting 'from_video', not both", 2);
        Tensor? single =
            o.FromImage != null ? FromImage(o.FromImage, config)
            : o.FromVideo != null ? FromVideo(o.FromVideo, config, fps)
            : null;
        if (single is not null)
        {
            if (o.Class == null && config.Conditional)
                Array.Fill(classes, ClassOfGivenFile((o.FromImage ?? o.FromVideo)!, config));
            return single.expand(count, -1, -1, -1, -1).contiguous();
        }
        if (config.ContextFrames == 0)
            return null;
        if (library == null)
            throw new VidganException(
                $"this model continues given frames: pass setting 'from_{SettingNames.Name(config.Condition)}' "
                    + "FILE, or a "
                    + "library to take test clips from",
                2
            );
        var (context, clips, fromLibrary) = FromLibrary(library, run, count, o.Seed, o.Class);
        clips.Dispose();
        if (o.Class == null && config.Conditional)
            classes = fromLibrary;
        return context;
    }

    /// <summary>The class of a given picture or video for a class-conditional model without --class: named by the file,
    /// as ingest names it (its prefix, <c>square_3.mp4</c> → square, or its folder).</summary>
    static int ClassOfGivenFile(string path, ModelConfig config)
    {
        string full = Path.GetFullPath(path);
        string? folder = Path.GetFileName(Path.GetDirectoryName(full));
        foreach (string? name in new[] { Labels.For(full, "/", LabelSource.Prefix), folder })
            if (name != null && config.Classes.Contains(name))
                return config.ClassIndex(name);
        throw new VidganException(
            $"{path}: this model is class-conditional and neither the file's prefix nor its folder names one of "
                + $"its classes ({string.Join(", ", config.Classes)}): pass setting 'class'",
            2
        );
    }

    static VidganException NotConditional(ModelConfig config, string flag) =>
        new(
            $"{flag} needs a model trained with setting 'model.condition' image or video; this "
                + $"{config.Architecture} model draws "
                + "clips from noise",
            2
        );
}
