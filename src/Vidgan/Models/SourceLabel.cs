namespace Vidgan.Models;

/// <summary>One label of a model conditioned per source video: the class index and the library asset (the source
/// video) whose clips it stands for.</summary>
public sealed record SourceLabel(int Class, long Asset);
