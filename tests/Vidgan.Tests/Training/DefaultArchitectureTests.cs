using System.Text.Json.Nodes;
using Vidgan.Data;
using Vidgan.Library;
using Vidgan.Media;
using Vidgan.Models;
using Vidgan.Runs;
using Vidgan.Tests.Support;
using Vidgan.Training;
using static TorchSharp.torch;

namespace Vidgan.Tests.Training;

/// <summary>What `vidgan train` builds when no architecture is given.</summary>
public class DefaultArchitectureTests
{
    static Clip Noise(int seed, int size = 32)
    {
        var rgb = new byte[16 * size * size * 3];
        new Random(seed).NextBytes(rgb);
        return new Clip(rgb, 16, size, size, 8);
    }

    static Clip[] Shapes() =>
        [.. new[] { "circle", "square", "triangle" }.Select((s, i) => ShapesDataset.Render(s, 32, 16, 8, i + 1))];

    [Fact]
    public void OneObjectOnAPlainBackgroundGetsLayeredAndOtherFootageTheGeneralModelWithStillNegativesAndARampDown()
    {
        var shapes = DefaultArchitecture.For(Shapes(), 0, Objective.Gan);
        Assert.Equal(
            ("layered", (double?)null, (Upsampling?)null),
            (shapes.Architecture, shapes.StillNegatives, shapes.Upsampling)
        );

        var footage = DefaultArchitecture.For([Noise(1), Noise(2), Noise(3)], 0, Objective.Gan);
        Assert.Equal(
            ("mocogan", (double?)0.5, (Upsampling?)null, (double?)0.3),
            (footage.Architecture, footage.StillNegatives, footage.Upsampling, footage.LearningRateRampDown)
        );
        Assert.Null(shapes.LearningRateRampDown);
        Assert.Equal((true, null), (shapes.PlainBackground, footage.PlainBackground));
        Assert.DoesNotContain("resize", footage.Reason);
        var larger = DefaultArchitecture.For([Noise(1, 64), Noise(2, 64)], 0, Objective.Gan);
        Assert.Equal(("mocogan", (Upsampling?)Upsampling.Resize), (larger.Architecture, larger.Upsampling));
        Assert.Contains("still negatives 0.5 and resize-convolutions (frames of 64×64 or more)", larger.Reason);

        Assert.Equal("resnet", DefaultArchitecture.For([Noise(4)], 0, Objective.Vae).Architecture);
        Assert.Equal("unet", DefaultArchitecture.For([Noise(5)], 4, Objective.Gan).Architecture);
    }

    [Fact]
    public void RunSetupGivesTheGeneralModelItsStillNegativesUpsamplingAndRampDownUnlessTheRunSaysOtherwise()
    {
        using var temp = new TempDir();
        var jobs = Enumerable
            .Range(1, 6)
            .Select(n => new VideoEncoder.Job(
                Noise(10 + n),
                temp[$"data/{(n % 2 == 0 ? "grain" : "static")}_{n}.mp4"],
                VideoFormat.Mp4
            ))
            .ToArray();
        Directory.CreateDirectory(temp["data"]);
        VideoEncoder.EncodeMany(jobs);
        using var lib = VidganLibrary.Open(temp["lib"], create: true);
        new Ingestor(lib, TinyData.Ingest16).Run(temp["data"]);
        new Ingestor(lib, TinyData.Ingest16 with { Size = 64 }).Run(temp["data"]);

        var notes = new List<string>();
        TrainConfig Prepare(string run, JsonObject settings, int size = 16)
        {
            using var prepared = RunSetup.Prepare(
                lib,
                new TrainRequest
                {
                    RunDir = temp[run],
                    Size = size,
                    Settings = settings,
                },
                CPU
            );
            notes.AddRange(prepared.Notes.Select(n => n.Text));
            return prepared.Config;
        }

        var open = Prepare("open", new JsonObject());
        Assert.Equal(
            ("mocogan", 0.5, Upsampling.Transposed, 0.3),
            (open.Model.Architecture, open.StillNegatives, open.Model.Upsampling, open.LearningRateRampDown)
        );
        Assert.Contains(notes, n => n.StartsWith("architecture: mocogan (the general model, with still negatives"));
        Assert.Contains(notes, n => n.Contains("learning rates ramped down over the last 30 % of the run"));
        var off = Prepare("off", new JsonObject { ["still_negatives"] = 0, ["learning_rate_ramp_down"] = 0 });
        Assert.Equal((0.0, 0.0), (off.StillNegatives, off.LearningRateRampDown));
        var large = Prepare("large", new JsonObject(), size: 64);
        Assert.Equal((64, Upsampling.Resize), (large.Model.Size, large.Model.Upsampling));
        var transposed = Prepare(
            "transposed",
            new JsonObject { ["model"] = new JsonObject { ["upsampling"] = "transposed" } },
            size: 64
        );
        Assert.Equal(("mocogan", Upsampling.Transposed), (transposed.Model.Architecture, transposed.Model.Upsampling));
        var resnet = Prepare("resnet", new JsonObject { ["model"] = new JsonObject { ["architecture"] = "resnet" } });
        Assert.Equal(
            ("resnet", 0.0, Upsampling.Transposed, 0.0),
            (resnet.Model.Architecture, resnet.StillNegatives, resnet.Model.Upsampling, resnet.LearningRateRampDown)
        );
    }
}
