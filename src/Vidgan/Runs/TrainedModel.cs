using Vidgan.Library;
using Vidgan.Models;
using static TorchSharp.torch;

namespace Vidgan.Runs;

/// <summary>A run's networks loaded from one of its checkpoints (the given file, or the run's latest), after checking
/// that the checkpoint belongs to the run.</summary>
public sealed class TrainedModel : IDisposable
{
    TrainedModel(string checkpoint, Checkpoint.Header header, GanModels models) =>
        (CheckpointPath, Header, Models) = (checkpoint, header, models);

    public string CheckpointPath { get; }
    public Checkpoint.Header Header { get; }
    public GanModels Models { get; }
    public TrainConfig Config => Header.Config;

    /// <param name="catalog">When given, a checkpoint whose bytes differ from what it recorded is refused.</param>
    public static TrainedModel Open(
        RunDirectory run,
        string? checkpointFile,
        Device device,
        Catalog? catalog = null,
        LibraryCipher? cipher = null
    )
    {
        string checkpoint = run.ResolveCheckpoint(checkpointFile);
        if (catalog != null)
            CheckpointIntegrity.Require(catalog, checkpoint);
        var header = Checkpoint.ReadHeader(checkpoint, cipher);
        run.RequireFits(checkpoint, header.Config.Model);
        var models = new GanModels(header.Config.Model, device);
        try
        {
            Checkpoint.Load(checkpoint, models, cipher: cipher);
        }
        catch
        {
            models.Dispose();
            throw;
        }
        return new TrainedModel(checkpoint, header, models);
    }

    public void Dispose() => Models.Dispose();
}
