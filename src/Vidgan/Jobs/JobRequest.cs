using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Vidgan.Data;
using Vidgan.Media;

namespace Vidgan.Jobs;

/// <summary>What a background job is asked to do, in the JSON that the API takes and the catalog keeps: a <c>kind</c>
/// (ingest, train, generate, evaluate) and that kind's settings, named as config.json and the CLI's flags name
/// them.</summary>
[JsonPolymorphic(
    TypeDiscriminatorPropertyName = "kind",
    UnknownDerivedTypeHandling = JsonUnknownDerivedTypeHandling.FailSerialization
)]
[JsonDerivedType(typeof(IngestJob), "ingest")]
[JsonDerivedType(typeof(TrainJob), "train")]
[JsonDerivedType(typeof(GenerateJob), "generate")]
[JsonDerivedType(typeof(EvaluateJob), "evaluate")]
[JsonDerivedType(typeof(SweepJob), "sweep")]
public abstract record JobRequest
{
    /// <summary>The job's kind as the API names it.</summary>
    [JsonIgnore]
    public string Kind =>
        this switch
        {
            IngestJob => "ingest",
            TrainJob => "train",
            GenerateJob => "generate",
            SweepJob => "sweep",
            _ => "evaluate",
        };

    /// <summary>cpu, or cuda for a machine with a GPU.</summary>
    public string Device { get; init; } = "cpu";
}

/// <summary>Ingests the files uploaded to the library's inbox (<c>inbox/</c>), as `vidgan ingest` does.</summary>
public sealed record IngestJob : JobRequest
{
    public LabelSource LabelFrom { get; init; } = LabelSource.Prefix;
    public int Size { get; init; } = 32;
    public int Frames { get; init; } = 16;
    public double Fps { get; init; } = 8;
    public FrameFit Fit { get; init; } = FrameFit.Crop;
    public int? Stride { get; init; }
    public double TestFraction { get; init; } = 0.2;
}

/// <summary>Trains (or, when the run has checkpoints, resumes) the run <c>runs/RUN</c> in the library.</summary>
public sealed record TrainJob : JobRequest
{
    public string Run { get; init; } = "";
    public long? Steps { get; init; }
    public double? Minutes { get; init; }
    public int? Size { get; init; }
    public int? Frames { get; init; }

    /// <summary>Training settings with config.json's keys (architecture, batch, …), as `--config` takes them.</summary>
    public JsonObject Settings { get; init; } = new();
}

/// <summary>Generates clips from a run's latest checkpoint into the library, as `vidgan generate` does.</summary>
public sealed record GenerateJob : JobRequest
{
    public long RunId { get; init; }
    public int Count { get; init; } = 8;
    public string? Class { get; init; }
    public long Seed { get; init; } = 1;
    public VideoFormat Format { get; init; } = VideoFormat.Mp4;
    public double? Truncation { get; init; }
    public double? MinScore { get; init; }
    public int? TopK { get; init; }
    public int? MaxPerClass { get; init; }
    public bool RejectNearCopies { get; init; }
}

/// <summary>Evaluates a run against held-out clips and keeps the report as the run's <c>evaluation.json</c>.</summary>
public sealed record EvaluateJob : JobRequest
{
    public long RunId { get; init; }
    public int Samples { get; init; } = 256;
}

/// <summary>A training sweep: one training run per configuration, each a train job of its own that any worker can
/// take (<see cref="JobShards"/>).</summary>
public sealed record SweepJob : JobRequest
{
    /// <summary>The runs, each as a train job takes it (its name, steps or minutes, settings).</summary>
    public IReadOnlyList<TrainJob> Runs { get; init; } = [];
}
