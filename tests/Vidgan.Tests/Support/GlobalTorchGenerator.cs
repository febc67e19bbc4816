namespace Vidgan.Tests.Support;

/// <summary>Tests that seed torch's process-wide generator and compare what was drawn after it run alone: a test of
/// another class drawing from it in between (any network it builds does) would change the draws.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class GlobalTorchGenerator
{
    public const string Name = "torch's global generator";
}
