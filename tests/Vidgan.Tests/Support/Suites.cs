namespace Vidgan.Tests.Support;

/// <summary>Test suites by trait: the CLI suite starts `vidgan` as a separate process (end to end); everything else is
/// the fast core suite (`./run-tests --filter Suite!=Cli`).</summary>
public static class Suites
{
    public const string Name = "Suite";
    public const string Cli = "Cli";
}
