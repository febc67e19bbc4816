using TorchSharp;
using Vidgan.Evaluation;
using Vidgan.Tests.Support;
using static TorchSharp.torch;
using static Vidgan.Tests.Support.CliSteps;

namespace Vidgan.Tests.Evaluation;

[Trait(Suites.Name, Suites.Cli)]
public class JudgeTests
{
    [Fact]
    public void PretextTransformationsAreWhatTheirLabelsSay()
    {
        torch.manual_seed(2);
        // Frame t of clip i is the constant 10·i + t, so frame order can be read back.
        var clips = torch.zeros(new long[] { 12, 3, 6, 4, 4 });
        for (int i = 0; i < 12; i++)
        for (int t = 0; t < 6; t++)
            clips[i, TensorIndex.Colon, t] = torch.tensor(10f * i + t);
        var (x, labels) = Judge.Pretext(clips, new Random(3));
        Assert.Equal(clips.shape, x.shape);
        var l = labels.data<long>().ToArray();
        Assert.Equal(3, l.Distinct().Count());
        for (int i = 0; i < 12; i++)
        {
            var frames = Enumerable.Range(0, 6).Select(t => x[i, 0, t, 0, 0].item<float>() - 10 * i).ToArray();
            switch (Judge.PretextClasses[l[i]])
            {
                case "in order":
                    Assert.Equal(new float[] { 0, 1, 2, 3, 4, 5 }, frames);
                    break;
                case "shuffled":
                    Assert.Equal(new float[] { 0, 1, 2, 3, 4, 5 }, frames.Order());
                    Assert.NotEqual(new float[] { 0, 1, 2, 3, 4, 5 }, frames);
                    break;
                default:
                    Assert.Single(frames.Distinct());
                    break;
            }
        }
    }

    [Fact]
    public void EvaluateWorksOnUnlabelledClipsWithTheSelfSupervisedJudge()
    {
        using var temp = new TempDir();
        string dir = temp.Path;
        MakeShapes(dir, perClass: 3, classes: 2, frames: 16);
        Ok(
            CliRunner.Run(
                dir,
                "ingest",
                "data",
                "--size",
                "16",
                "--frames",
                "8",
                "--label-from",
                "none",
                "--test-fraction",
                "0.3"
            )
        );
        Ok(CliRunner.Run(dir, ["train", "--run", "run", "--steps", "2", .. TinyModel]));
        var evaluate = CliRunner.Run(dir, "evaluate", "--run", "run", "--samples", "16", "--judge-steps", "5");
        Ok(evaluate);
        Assert.Contains("self-supervised", evaluate.Stdout);
        Assert.Matches(@"generated clips  judged in order \d+ ?%, shuffled \d+ ?%, frozen \d+ ?%", evaluate.Stdout);
        Assert.Contains("in-domain FD", evaluate.Stdout);
    }
}
