using TorchSharp;
using Vidgan.Build;

namespace Vidgan.Tests.Build;

public class NativeLibraryTests
{
    static string BuiltLibrary =>
        Directory.EnumerateFiles(AppContext.BaseDirectory, "libLibTorchSharp.so", SearchOption.AllDirectories).First();

    [Fact]
    public void TorchSharpNativeLibraryLoadsAndComputes()
    {
        using var a = torch.arange(1, 5, dtype: torch.float32);
        Assert.Equal(10f, a.sum().item<float>());
    }

    [Fact]
    public void BuildOutputHasGlibcxx3432WeakWhereTheSystemLacksIt()
    {
        string? libstdcxx = ElfVersionPatcher.FindLibStdCxx();
        Assert.NotNull(libstdcxx);
        var requirement = ElfVersionPatcher
            .ReadRequirements(File.ReadAllBytes(BuiltLibrary))
            .Single(r => r.Version == "GLIBCXX_3.4.32");
        Assert.Equal("libstdc++.so.6", requirement.File);
        bool systemHasIt = ElfVersionPatcher.DefinesVersion(libstdcxx!, "GLIBCXX_3.4.32");
        Assert.Equal(!systemHasIt, requirement.IsWeak);
    }

    [Fact]
    public void MarkWeakChangesOnlyThatFlagAndIsIdempotent()
    {
        using var temp = new Support.TempDir();
        string copy = temp["lib.so"];
        byte[] original = File.ReadAllBytes(BuiltLibrary);
        // Start from the unpatched state so the test sees a real change.
        var req = ElfVersionPatcher.ReadRequirements(original).Single(r => r.Version == "GLIBCXX_3.4.32");
        original[req.FlagsOffset] &= unchecked((byte)~ElfVersionPatcher.VerFlagWeak);
        File.WriteAllBytes(copy, original);

        Assert.True(ElfVersionPatcher.MarkWeak(copy, "GLIBCXX_3.4.32"));
        byte[] once = File.ReadAllBytes(copy);
        Assert.False(ElfVersionPatcher.MarkWeak(copy, "GLIBCXX_3.4.32"));
        Assert.Equal(once, File.ReadAllBytes(copy));

        var differing = Enumerable.Range(0, once.Length).Where(i => once[i] != original[i]).ToArray();
        Assert.Equal(new[] { (int)req.FlagsOffset }, differing);
        var after = ElfVersionPatcher.ReadRequirements(once);
        Assert.All(
            after.Where(r => r.Version != "GLIBCXX_3.4.32"),
            r =>
                Assert.Equal(
                    ElfVersionPatcher.ReadRequirements(original).First(o => o.FlagsOffset == r.FlagsOffset).Flags,
                    r.Flags
                )
        );
    }

    [Fact]
    public void NonElfInputIsRejected()
    {
        Assert.Throws<InvalidDataException>(() => ElfVersionPatcher.ReadRequirements(new byte[100]));
    }
}
