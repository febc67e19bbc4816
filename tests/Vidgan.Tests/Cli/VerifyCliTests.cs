using System.Text.Json;
using Vidgan.Tests.Support;
using static Vidgan.Tests.Support.CliSteps;

namespace Vidgan.Tests.Cli;

/// <summary>`vidgan generate` labels and signs what it writes; `vidgan verify` and `vidgan keys` as a user runs
/// them.</summary>
[Trait(Suites.Name, Suites.Cli)]
public class VerifyCliTests
{
    static string Generated(TempDir temp, string format = "mp4")
    {
        MakeShapes(temp.Path, perClass: 2, classes: 2, frames: 16);
        Ok(CliRunner.Run(temp.Path, "ingest", "data", "--size", "32", "--frames", "16", "--test-fraction", "0"));
        Ok(CliRunner.Run(temp.Path, ["train", "--run", "r", "--steps", "2", "--arch", "dcgan3d"], TinyModel));
        Ok(CliRunner.Run(temp.Path, "generate", "--run", "r", "--count", "3", "--out", "gen", "--format", format));
        return temp["gen"];
    }

    [Fact]
    public void AGifKeepsItsSidecarInTheLibraryAndTakesItAlongWhenExported()
    {
        using var temp = new TempDir();
        Generated(temp, "gif");
        Ok(CliRunner.Run(temp.Path, "library", "export", "--source", "generated", "--out", "out"));
        var gifs = Directory.GetFiles(temp["out"], "*.gif").Order().ToArray();
        // A generator two steps old may draw byte-identical clips, which the library stores once.
        var listed = CliRunner.Run(temp.Path, "library", "list", "--source", "generated", "--json");
        Ok(listed);
        int assets = JsonDocument.Parse(listed.Stdout).RootElement.GetArrayLength();
        Assert.InRange(assets, 1, 3);
        Assert.Equal(assets, gifs.Length);
        Assert.All(gifs, g => Assert.True(File.Exists(Path.ChangeExtension(g, ".c2pa"))));

        var verified = CliRunner.Run(temp.Path, ["verify", .. gifs]);

        Ok(verified);
        Assert.Equal(assets, verified.Stdout.Split('\n').Count(l => l.Contains("generated, intact · C2PA sidecar")));
        File.Delete(Path.ChangeExtension(gifs[0], ".c2pa"));
        var bare = CliRunner.Run(temp.Path, "verify", gifs[0]);
        Assert.Equal(1, bare.ExitCode);
        Assert.Contains("no Content Credentials", bare.Stdout);
        Assert.Contains("watermark: library", bare.Stdout);
    }

    [Fact]
    public void EveryGeneratedClipVerifiesAndARealOneOrAnEditedOneDoesNot()
    {
        using var temp = new TempDir();
        var clips = Directory.GetFiles(Generated(temp), "*.mp4").Order().ToArray();
        Assert.Equal(3, clips.Length);

        var ok = CliRunner.Run(temp.Path, ["verify", .. clips]);
        Ok(ok);
        var lines = ok.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.All(lines, l => Assert.Contains("generated, intact", l));
        Assert.All(lines, l => Assert.Contains("(this library's key)", l));
        Assert.All(lines, l => Assert.Contains("metadata label: trainedAlgorithmicMedia", l));
        Assert.All(
            lines,
            l => Assert.Matches("watermark: library [0-9a-f]{3}, mark [0-9a-f]{6} \\(library asset [0-9]+\\)", l)
        );

        string real = Directory.GetFiles(temp["data"], "*.mp4").First();
        var mixed = CliRunner.Run(temp.Path, "verify", clips[0], real);
        Assert.Equal(1, mixed.ExitCode);
        Assert.Contains(
            "NOT VERIFIED · no Content Credentials · metadata label: none · watermark: none found",
            mixed.Stdout
        );

        // Re-encoding strips the metadata and the manifest; the watermark still names the asset.
        string stripped = temp["stripped.mp4"];
        var reencode = Vidgan.Media.ProcessRunner.Run(
            "ffmpeg",
            ["-v", "error", "-i", clips[2], "-map_metadata", "-1", "-c:v", "libx264", "-crf", "23", stripped],
            TimeSpan.FromSeconds(60)
        );
        Assert.True(reencode.ExitCode == 0, reencode.Stderr);
        string asset = System.Text.RegularExpressions.Regex.Match(lines[2], "library asset ([0-9]+)$").Groups[1].Value;
        var again = CliRunner.Run(temp.Path, "verify", stripped);
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("no Content Credentials · metadata label: none · watermark: library", again.Stdout);
        Assert.Contains($"(library asset {asset})", again.Stdout);

        var bytes = File.ReadAllBytes(clips[1]);
        bytes[^20] ^= 0x40;
        File.WriteAllBytes(clips[1], bytes);
        var tampered = CliRunner.Run(temp.Path, "verify", "--json", clips[1]);
        Assert.Equal(1, tampered.ExitCode);
        var verdict = JsonDocument.Parse(tampered.Stdout).RootElement[0];
        Assert.False(verdict.GetProperty("generated_and_intact").GetBoolean());
        var credentials = verdict.GetProperty("verdict").GetProperty("credentials");
        Assert.Equal("tampered", credentials.GetProperty("binding").GetString());
        Assert.Contains("mdat bytes", credentials.GetProperty("changed_bytes")[0].GetString());
    }

    [Fact]
    public void KeysShowPrintsTheChainAndVerifyNamesAMissingFile()
    {
        using var temp = new TempDir();
        // A mistyped --library must not quietly become a new library with a signing key of its own.
        var nowhere = CliRunner.Run(temp.Path, "keys", "show");
        Assert.Equal(1, nowhere.ExitCode);
        Assert.Contains("no library at", nowhere.Stderr);
        Assert.False(Directory.Exists(temp["vidgan-library"]));
        Ok(CliRunner.Run(temp.Path, "library", "init"));
        var show = CliRunner.Run(temp.Path, "keys", "show");
        Ok(show);
        Assert.Contains("signer: CN=Vidgan library vidgan-library, O=Vidgan", show.Stdout);
        Assert.Contains("issued by: CN=Vidgan library vidgan-library CA, O=Vidgan", show.Stdout);

        var missing = CliRunner.Run(temp.Path, "verify", "nothing.mp4");
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("nothing.mp4: NOT VERIFIED · no such file", missing.Stdout);
        Directory.CreateDirectory(temp["clips"]);
        var folder = CliRunner.Run(temp.Path, "verify", "clips");
        Assert.Equal(1, folder.ExitCode);
        Assert.Contains("clips: NOT VERIFIED · a folder, not a file", folder.Stdout);

        var bad = CliRunner.Run(temp.Path, "keys", "import", "--chain", "nope.pem", "--key", "nope.pem");
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("no such file: nope.pem", bad.Stderr);
    }
}
