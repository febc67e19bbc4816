using System.Runtime.InteropServices;
using Vidgan.Training;

namespace Vidgan.Tests.Training;

/// <summary>Training meets TorchSharp's Scalar race (a freed number read by libtorch) by resuming from the last
/// checkpoint, a few times at most; every other error passes through untouched.</summary>
public class ScalarRaceTests
{
    // libtorch's two messages for it, as a run and a test host met them.
    static readonly string[] RaceMessages =
    [
        "Expected false to be true, but got false.  (Could this error message be improved?)\n"
            + "Exception raised from toFloat at /pytorch/c10/core/Scalar.h:140 (most recent call first):",
        "Unknown scalar type",
    ];

    const string OtherError = "The size of tensor a (4) must match the size of tensor b";

    [Fact]
    public void OnlyLibtorchsMessagesAboutAFreedScalarAreTheRace()
    {
        foreach (string message in RaceMessages)
        {
            Assert.True(ScalarRace.Is(new LibtorchError(message)));
            Assert.False(ScalarRace.Is(new InvalidOperationException(message)));
        }
        Assert.False(ScalarRace.Is(new LibtorchError(OtherError)));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ARaceResumesFromTheLastCheckpointAndSaysSo(bool resumeAsked)
    {
        var calls = new List<bool>();
        var said = new List<string>();
        int result = ScalarRace.ResumeAfter(
            fromCheckpoint =>
            {
                calls.Add(fromCheckpoint);
                return calls.Count < 3 ? throw new LibtorchError(RaceMessages[calls.Count - 1]) : 42;
            },
            resumeAsked,
            said.Add
        );
        Assert.Equal(42, result);
        Assert.Equal(new[] { resumeAsked, true, true }, calls);
        Assert.Equal(2, said.Count);
        Assert.All(said, s => Assert.Contains("continues from the last checkpoint", s));
    }

    [Fact]
    public void ARaceThatKeepsComingBackStopsWithOneLineNamingResume()
    {
        int calls = 0;
        var e = Assert.Throws<VidganException>(() =>
            ScalarRace.ResumeAfter<int>(
                _ =>
                {
                    calls++;
                    throw new LibtorchError(RaceMessages[1]);
                },
                resume: false,
                _ => { }
            )
        );
        Assert.Equal(ScalarRace.MaxResumes + 1, calls);
        Assert.DoesNotContain('\n', e.Message);
        Assert.Contains("setting 'resume'", e.Message);
    }

    [Fact]
    public void OtherErrorsAreNotRetried()
    {
        int calls = 0;
        Assert.Throws<LibtorchError>(() =>
            ScalarRace.ResumeAfter<int>(
                _ =>
                {
                    calls++;
                    throw new LibtorchError(OtherError);
                },
                resume: false,
                _ => { }
            )
        );
        Assert.Equal(1, calls);
    }

    /// <summary>What TorchSharp throws for a libtorch error (an <see cref="ExternalException"/>).</summary>
    sealed class LibtorchError(string message) : ExternalException(message);
}
