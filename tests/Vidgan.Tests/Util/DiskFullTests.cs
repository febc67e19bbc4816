using Vidgan.Util;

namespace Vidgan.Tests.Util;

public class DiskFullTests
{
    [Fact]
    public void AWriteToAFullDeviceIsRecognisedAndDescribedInOneLine()
    {
        // /dev/full answers every write with ENOSPC, as a full disk does.
        var full = Assert.Throws<IOException>(() => File.WriteAllBytes("/dev/full", new byte[64]));
        Assert.True(DiskFull.Is(full));
        string line = DiskFull.Describe(full);
        Assert.DoesNotContain('\n', line);
        Assert.Contains("/dev/full", line);
        Assert.Contains("--resume", line);

        var missing = Assert.Throws<FileNotFoundException>(() => File.ReadAllBytes("/nonexistent-vidgan-file"));
        Assert.False(DiskFull.Is(missing));
        Assert.False(DiskFull.Is(new InvalidOperationException("No space left on device")));
    }
}
