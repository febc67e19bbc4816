using TorchSharp;
using Vidgan.Media;
using Vidgan.Models;
using Vidgan.Tests.Support;
using static TorchSharp.torch;

namespace Vidgan.Tests.Models;

public class ClipTensorsTests
{
    static byte[] Reference(Tensor clips) => ReferenceBytes.Of(clips).data<byte>().ToArray();

    [Theory]
    [InlineData(ScalarType.Float32)]
    [InlineData(ScalarType.BFloat16)]
    public void BytesMatchTheTensorFormulaIncludingClampingAndTies(ScalarType dtype)
    {
        torch.manual_seed(5);
        // Values beyond [-1, 1] must clamp; k / 127.5 - 1 + 1 / 255 lands on or next to a half level (k + 0.5).
        var random = torch.rand(new long[] { 3, 3, 4, 5, 6 }).mul(2.4).sub(1.2);
        var ties = torch.arange(0, 3 * 3 * 4 * 5 * 6).remainder(255).div(127.5).sub(1).add(1.0 / 255);
        foreach (var clips in new[] { random, ties.reshape(3, 3, 4, 5, 6) }.Select(c => c.to_type(dtype)))
        {
            var converted = ClipTensors.ToClips(clips, fps: 8);
            var expected = Reference(clips);
            Assert.Equal(3, converted.Length);
            int per = 4 * 5 * 6 * 3;
            for (int i = 0; i < converted.Length; i++)
            {
                Assert.Equal(
                    (4, 5, 6, 8.0),
                    (converted[i].Frames, converted[i].Height, converted[i].Width, converted[i].Fps)
                );
                Assert.Equal(expected.AsSpan(i * per, per).ToArray(), converted[i].Rgb);
            }
        }
    }

    [Fact]
    public void StridedInputGivesTheSameBytesAsItsContiguousCopy()
    {
        torch.manual_seed(6);
        var wide = torch.rand(new long[] { 4, 3, 2, 5, 8 }).mul(2).sub(1);
        var strided = wide.narrow(4, 1, 5).narrow(0, 1, 2); // not contiguous, with an offset into the storage
        Assert.False(strided.is_contiguous());
        var fromView = ClipTensors.ToClips(strided, fps: 8);
        var fromCopy = ClipTensors.ToClips(strided.contiguous(), fps: 8);
        Assert.Equal(fromCopy.Select(c => c.Rgb), fromView.Select(c => c.Rgb));
        Assert.Equal(Reference(strided), fromView.SelectMany(c => c.Rgb).ToArray());
    }

    [Fact]
    public void BytesSurviveARoundTripThroughTensors()
    {
        var rgb = Enumerable.Range(0, 2 * 3 * 4 * 4 * 3).Select(i => (byte)(i * 7 % 256)).ToArray();
        var clips = new[] { new Clip(rgb[..144], 3, 4, 4, 8), new Clip(rgb[144..], 3, 4, 4, 8) };
        using var tensor = ClipTensors.FromClips(clips);
        var back = ClipTensors.ToClips(tensor, fps: 8);
        Assert.Equal(clips.Select(c => c.Rgb), back.Select(c => c.Rgb));
    }
}
