using Vidgan.Cli;

namespace Vidgan.Tests.Cli;

public class TrainingProgressTests
{
    [Theory]
    [InlineData(0, 0, 42, "0:42")]
    [InlineData(0, 7, 5, "7:05")]
    [InlineData(1, 6, 19, "1:06:19")]
    [InlineData(26, 0, 1, "26:00:01")]
    public void EtaKeepsTheHours(int hours, int minutes, int seconds, string expected) =>
        Assert.Equal(expected, TrainingProgress.FormatEta(new TimeSpan(hours, minutes, seconds)));
}
