using Vidgan.Library;
using Vidgan.Models;
using Vidgan.Util;
using static TorchSharp.torch;

namespace Vidgan.Runs;

/// <summary>A run's networks loaded from one of its checkpoints (the given file, or the run's latest), after checking
/// that the checkpoint belongs to the run.</summary>
public sealed class TrainedModel : IDisposable
{
    TrainedModel(string checkpoint, Checkpoint.Header header, GanModels models, string? checkpointSha) =>
        (CheckpointPath, Header, Models, checkpointSha256) = (checkpoint, header, models, checkpointSha);

    string? checkpointSha256;

    public string CheckpointPath { get; }
    public Checkpoint.Header Header { get; }
    public GanModels Models { get; }
    public TrainConfig Config => Header.Config;

    /// <summary>The checkpoint file's SHA-256 (hex), read once: when the catalog's check hashed it already, that
    /// hash.</summary>
    public string CheckpointSha256 => checkpointSha256 ??= Hashing.Sha256File(CheckpointPath);

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
        string? recorded = catalog?.RecordedCheckpointSha(checkpoint);
        // The file is hashed on another core while the networks are built; its weights load only once it matched.
        var hashing = recorded != null ? Task.Run(() => Hashing.Sha256File(checkpoint)) : null;
        var header = Checkpoint.ReadHeader(checkpoint, cipher);
        run.RequireFits(checkpoint, header.Config.Model);
        var models = TorchRandom.Build(() => new GanModels(header.Config.Model, device));
        string? sha = null;
        try
        {
            if (hashing != null)
                CheckpointIntegrity.Verify(checkpoint, recorded!, sha = hashing.GetAwaiter().GetResult());
            Checkpoint.Load(checkpoint, models, cipher: cipher);
        }
        catch
        {
            models.Dispose();
            throw;
        }
        return new TrainedModel(checkpoint, header, models, sha);
    }

    public void Dispose() => Models.Dispose();
}
