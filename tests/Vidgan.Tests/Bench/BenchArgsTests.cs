using Vidgan.Bench;

namespace Vidgan.Tests.Bench;

/// <summary>A benchmark refuses flags it does not read before it runs: a misspelt one (<c>--precision</c> for
/// <c>--precisions</c>) once left the default in force under a report whose command line named it.</summary>
public class BenchArgsTests
{
    static readonly string[] GenerationFlags = ["--count", "--precisions", "--size"];

    [Fact]
    public void AFlagTheBenchmarkDoesNotReadIsRefusedBeforeItRuns()
    {
        var e = Assert.Throws<BenchUsageException>(() =>
            new BenchArgs("generation", ["--count", "256", "--precision", "bf16"], GenerationFlags)
        );
        Assert.Equal(
            "'generation' has no flag --precision (its flags: --count, --out, --precisions, --size)",
            e.Message
        );
    }

    [Theory]
    [InlineData(new[] { "--count" }, "--count needs a value")]
    [InlineData(new[] { "256" }, "'256' is not a flag: give each as --name value")]
    [InlineData(new[] { "--count", "256", "--size" }, "--size needs a value")]
    public void AValueWithoutItsFlagOrAFlagWithoutItsValueIsRefused(string[] args, string message)
    {
        var e = Assert.Throws<BenchUsageException>(() => new BenchArgs("generation", args, GenerationFlags));
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void FlagsGivenAreReadAndTheRestKeepTheirDefaults()
    {
        var a = new BenchArgs("generation", ["--size", "64", "--out", "/tmp/x.md"], GenerationFlags);
        Assert.Equal(64, a.Get("--size", 32));
        Assert.Equal(256, a.Get("--count", 256));
        Assert.Equal("/tmp/x.md", a.Get("--out", "default.md"));
    }

    [Fact]
    public void AValueOfTheWrongKindIsAUsageErrorNamingTheFlag()
    {
        var a = new BenchArgs("generation", ["--count", "many"], GenerationFlags);
        var e = Assert.Throws<BenchUsageException>(() => a.Get("--count", 256));
        Assert.Equal("--count must be a whole number, not 'many'", e.Message);
    }

    [Fact]
    public void ReadingAFlagTheEntryDoesNotListIsAProgrammingError()
    {
        var a = new BenchArgs("generation", [], GenerationFlags);
        Assert.Throws<InvalidOperationException>(() => a.Get("--batches", ""));
    }
}
