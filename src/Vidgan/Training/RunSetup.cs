using System.Text.Json.Nodes;
using Vidgan.Data;
using Vidgan.Library;
using Vidgan.Models;
using Vidgan.Runs;
using Vidgan.Util;
using static TorchSharp.torch;

namespace Vidgan.Training;

/// <summary>Something setup decided or noticed, for the front end to show (warnings on the error stream).</summary>
public sealed record SetupNote(string Text, bool Warning = false);

/// <summary>A run ready to train: its settings (written to config.json), folder, training clips and catalog
/// id.</summary>
public sealed record PreparedRun(
    TrainConfig Config,
    RunDirectory Run,
    TrainingSet Data,
    long RunId,
    IReadOnlyList<SetupNote> Notes
) : IDisposable
{
    public void Dispose() => Data.Dispose();
}

/// <summary>Sets a training run up, for every front end: a new run merges the given settings over the defaults (a value
/// given is a value kept, whatever it equals), decides what was left open (condition, given frames, architecture,
/// discriminators, auxiliary classifier, reconstruction weight, precision) from the clips and the device, writes
/// config.json and records the run in the catalog; a resumed run reads its config.json back.</summary>
public static class RunSetup
{
    /// <summary>Weight of the reconstruction L1 term for models that continue given frames, unless one is
    /// given.</summary>
    public const double ConditionalReconstructionL1 = 10;

    public static PreparedRun Prepare(VidganLibrary library, TrainRequest request, Device device)
    {
        var run = new RunDirectory(request.RunDir);
        var notes = new List<SetupNote>();
        bool reopen = request.Resume && File.Exists(run.ConfigPath);
        // Rerunning the same command after a crash must work however early it came, so --resume on a folder with
        // nothing in it starts the run; a mistyped folder is then said, not silently trained from scratch.
        if (request.Resume && !reopen)
            notes.Add(new($"nothing to resume in {run.Root}: starting a new run there", Warning: true));
        var (config, data) = reopen
            ? Reopen(library, run, request, device, notes)
            : Create(library, run, request, device, notes);
        try
        {
            config.Validate();
            if (config.Model.Sources.Count > 0)
                data.LabelBySource(config.Model.Sources);
        }
        catch
        {
            data.Dispose();
            throw;
        }
        long runId = library.Catalog.UpsertRun(
            run.Root,
            config.Model.Architecture,
            Json.Serialize(config),
            data.ClipSet.Id
        );
        return new PreparedRun(config, run, data, runId, notes);
    }

    static (TrainConfig, TrainingSet) Reopen(
        VidganLibrary library,
        RunDirectory run,
        TrainRequest request,
        Device device,
        List<SetupNote> notes
    )
    {
        var stored = Json.Deserialize<TrainConfig>(File.ReadAllText(run.ConfigPath));
        var set =
            library.Catalog.FindClipSet(stored.ClipSetKey)
            ?? throw new VidganException(
                $"the clips this run was trained on ({stored.ClipSetKey}) are not in {library.Root}"
            );
        var data = TrainingSet.Load(library, set, Split.Train, stored.Model.Conditional, stored.Model.Classes);
        TrainConfig config;
        try
        {
            config = ResumedSettings.Apply(stored, request, run, device, notes);
        }
        catch
        {
            data.Dispose();
            throw;
        }
        // A bf16 run resumed on a device without bf16 units is told so.
        if (config.Precision == Precision.Bf16)
            WarnWhenSlower(PrecisionProbe.Choose(PrecisionMode.Bf16, device).Choice, notes);
        return (config, data);
    }

    static (TrainConfig, TrainingSet) Create(
        VidganLibrary library,
        RunDirectory run,
        TrainRequest request,
        Device device,
        List<SetupNote> notes
    )
    {
        if (run.Checkpoints().Count > 0)
            throw new VidganException(
                $"run folder {run.Root} already has checkpoints: resume it, or choose another run folder"
            );
        var settings = (JsonObject)request.Settings.DeepClone();
        var askedPrecision = TrainSettings.TakePrecision(settings) ?? PrecisionMode.Fp32;
        var given = TrainSettings.ToConfig(settings);
        var set = TrainingSet.SelectClipSet(library, request.Size, request.Frames);
        string[] classes = library
            .Catalog.Clips(set.Id, Split.Train)
            .Select(c => c.Class)
            .OfType<string>()
            .Distinct()
            .ToArray();
        // One class tells the networks nothing, so such clips train as unlabelled ones (as the judge treats them).
        bool useLabels = classes.Length > 1 && !request.Unconditional;

        var condition =
            TrainSettings.Get<Condition>(settings, "model.condition") ?? (useLabels ? Condition.Class : Condition.None);
        if (condition == Condition.Class && !useLabels)
            throw new VidganException(
                request.Unconditional ? "setting 'model.condition' class contradicts unconditional training"
                    : classes.Length == 1
                        ? "setting 'model.condition' class needs clips of at least 2 classes; every training clip "
                            + $"is {classes[0]} (ingest one folder per class with --label-from folder, or train "
                            + "without it)"
                    : "setting 'model.condition' class needs labelled clips; these have no classes (ingest with "
                        + "labels from the file prefix or folder)",
                2
            );
        int? context = TrainSettings.Get<int>(settings, "model.context_frames");
        if (context != null && condition != Condition.Video)
            throw new VidganException(
                "setting 'model.context_frames' applies only to setting 'model.condition' video",
                2
            );
        int contextFrames = condition switch
        {
            Condition.Image => 1,
            Condition.Video => context ?? set.Frames / 2,
            _ => 0,
        };
        var data = TrainingSet.Load(library, set, Split.Train, conditional: useLabels && condition != Condition.None);
        try
        {
            var chosen = TrainSettings.Has(settings, "model.architecture")
                ? null
                : DefaultArchitecture.For(data, contextFrames, given.Model.Objective);
            string architecture = chosen is null ? given.Model.Architecture : Announce(chosen, notes);
            double? aux = TrainSettings.Get<double>(settings, "model.aux_classifier_weight");
            if (aux > 0 && data.ClassNames.Count < 2)
                throw new VidganException(
                    "setting 'model.aux_classifier_weight' needs clips labelled with at least 2 classes",
                    2
                );
            var (precision, choice) = PrecisionProbe.Choose(askedPrecision, device);
            if (askedPrecision == PrecisionMode.Auto)
                notes.Add(new($"precision: {SettingNames.Name(precision)} ({choice.Reason})"));
            WarnWhenSlower(choice, notes);
            var config = given with
            {
                Model = given.Model with
                {
                    Architecture = architecture,
                    Condition = condition,
                    ContextFrames = contextFrames,
                    Upsampling =
                        TrainSettings.Get<Upsampling>(settings, "model.upsampling")
                        ?? chosen?.Upsampling
                        ?? given.Model.Upsampling,
                    Discriminator =
                        TrainSettings.Get<DiscriminatorKind>(settings, "model.discriminator")
                        ?? ModelRegistry.DefaultDiscriminator(architecture),
                    PlainBackground =
                        TrainSettings.Get<bool>(settings, "model.plain_background")
                        ?? chosen?.PlainBackground
                        ?? given.Model.PlainBackground,
                    SpriteCanvas = TrainSettings.Get<int>(settings, "model.sprite_canvas") ?? given.Model.SpriteCanvas,
                    AuxClassifierWeight = aux ?? (data.ClassNames.Count >= 2 ? 1.0 : 0.0),
                    Size = set.Size,
                    Frames = set.Frames,
                    Classes = data.ClassNames,
                    Sources = given.Model.ConditionOnSource ? data.SourceLabels() : Array.Empty<SourceLabel>(),
                },
                ReconstructionL1 =
                    TrainSettings.Get<double>(settings, "reconstruction_l1")
                    ?? (contextFrames > 0 ? ConditionalReconstructionL1 : 0),
                StillNegatives =
                    TrainSettings.Get<double>(settings, "still_negatives")
                    ?? chosen?.StillNegatives
                    ?? given.StillNegatives,
                LearningRateRampDown =
                    TrainSettings.Get<double>(settings, "learning_rate_ramp_down")
                    ?? chosen?.LearningRateRampDown
                    ?? given.LearningRateRampDown,
                Precision = precision,
                PrecisionChoice = choice,
                ClipSetKey = set.Key,
                Library = library.Root,
            };
            config.Validate();
            Folders.Create(run.Root);
            AtomicFile.WriteAllText(run.ConfigPath, Json.Serialize(config));
            return (config, data);
        }
        catch
        {
            data.Dispose();
            throw;
        }
    }

    static string Announce(DefaultArchitecture.Choice choice, List<SetupNote> notes)
    {
        notes.Add(new($"architecture: {choice.Architecture} ({choice.Reason})"));
        return choice.Architecture;
    }

    static void WarnWhenSlower(PrecisionChoice choice, List<SetupNote> notes)
    {
        if (choice.Bf16IsSlower)
            notes.Add(
                new($"precision bf16 is the slower choice: {choice.Reason}; fp32 or auto trains faster", Warning: true)
            );
    }
}
