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
    static Clip Noise(int seed)
    {
        var rgb = new byte[16 * 32 * 32 * 3];
        new Random(seed).NextBytes(rgb);
        return new Clip(rgb, 16, 32, 32, 8);
    }

    static Clip[] Shapes() =>
        [.. new[] { "circle", "square", "triangle" }.Select((s, i) => ShapesDataset.Render(s, 32, 16, 8, i + 1))];

    [Fact]
    public void OneObjectOnAPlainBackgroundGetsLayeredAndOtherFootageTheGeneralModelWithStillNegatives()
    {
        var shapes = DefaultArchitecture.For(Shapes(), 0, Objective.Gan);
        Assert.Equal(("layered", (double?)null), (shapes.Architecture, shapes.StillNegatives));

        var footage = DefaultArchitecture.For([Noise(1), Noise(2), Noise(3)], 0, Objective.Gan);
        Assert.Equal(("mocogan", (double?)0.5), (footage.Architecture, footage.StillNegatives));
        Assert.Contains("still negatives 0.5", footage.Reason);

        Assert.Equal("resnet", DefaultArchitecture.For([Noise(4)], 0, Objective.Vae).Architecture);
        Assert.Equal("unet", DefaultArchitecture.For([Noise(5)], 4, Objective.Gan).Architecture);
    }

    [Fact]
    public void RunSetupGivesTheGeneralModelItsStillNegativesUnlessTheRunSaysOtherwise()
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

        var notes = new List<string>();
        TrainConfig Prepare(string run, JsonObject settings)
        {
            using var prepared = RunSetup.Prepare(
                lib,
                new TrainRequest { RunDir = temp[run], Settings = settings },
                CPU
            );
            notes.AddRange(prepared.Notes.Select(n => n.Text));
            return prepared.Config;
        }

        var open = Prepare("open", new JsonObject());
        Assert.Equal(("mocogan", 0.5), (open.Model.Architecture, open.StillNegatives));
        Assert.Contains(notes, n => n.StartsWith("architecture: mocogan (the general model, with still negatives"));
        Assert.Equal(0, Prepare("off", new JsonObject { ["still_negatives"] = 0 }).StillNegatives);
        var resnet = Prepare("resnet", new JsonObject { ["model"] = new JsonObject { ["architecture"] = "resnet" } });
        Assert.Equal(("resnet", 0.0), (resnet.Model.Architecture, resnet.StillNegatives));
    }
}
