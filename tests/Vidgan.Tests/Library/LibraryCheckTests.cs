using Vidgan.Library;
using Vidgan.Media;
using Vidgan.Tests.Support;

namespace Vidgan.Tests.Library;

public class LibraryCheckTests
{
    /// <summary>A library with two stored files, one recorded checkpoint and one frame-cache entry.</summary>
    static (VidganLibrary Lib, string[] Shas, string Checkpoint) Library(TempDir temp)
    {
        var lib = VidganLibrary.Open(temp["lib"], create: true);
        var shas = new string[2];
        for (int i = 0; i < 2; i++)
        {
            string file = temp[$"v{i}.bin"];
            File.WriteAllText(file, $"video {i}");
            shas[i] = lib.Blobs.Put(file);
            lib.Catalog.AddAsset(
                new Asset
                {
                    Sha256 = shas[i],
                    Name = $"v{i}.mp4",
                    Format = "mp4",
                }
            );
        }
        string checkpoint = temp["run/step-1.vgck"];
        Directory.CreateDirectory(temp["run"]);
        File.WriteAllText(checkpoint, "weights");
        long run = lib.Catalog.UpsertRun(temp["run"], "dcgan3d", "{}", null);
        lib.Catalog.AddCheckpoint(run, Vidgan.Util.Hashing.Sha256File(checkpoint), 1, checkpoint);
        lib.Cache.Put("abcd-key", new Clip(new byte[2 * 4 * 4 * 3], 2, 4, 4, 8));
        return (lib, shas, checkpoint);
    }

    [Fact]
    public void AWholeLibraryPassesWithNothingToSay()
    {
        using var temp = new TempDir();
        var (lib, _, _) = Library(temp);
        using (lib)
        {
            var report = LibraryCheck.Run(lib, repair: false);

            Assert.True(report.Passed, string.Join("; ", report.Problems));
            Assert.Empty(report.Warnings);
            Assert.Contains("files: 2 of 2 present with the SHA-256 the catalog recorded", report.Checked);
            Assert.Contains("frame cache: 1 of 1 entries whole", report.Checked);
        }
    }

    [Fact]
    public void ALostOrChangedFileOrCheckpointFailsTheCheckAndRepairCannotHideIt()
    {
        using var temp = new TempDir();
        var (lib, shas, checkpoint) = Library(temp);
        using (lib)
        {
            File.Delete(lib.Blobs.PathFor(shas[0]));
            File.AppendAllText(lib.Blobs.PathFor(shas[1]), "!");
            File.AppendAllText(checkpoint, "!");

            var report = LibraryCheck.Run(lib, repair: true);

            Assert.False(report.Passed);
            Assert.Equal(3, report.Problems.Count);
            Assert.Contains(report.Problems, p => p.Contains("v0.mp4") && p.Contains("is missing"));
            Assert.Contains(report.Problems, p => p.Contains("v1.mp4") && p.Contains("no longer has the SHA-256"));
            Assert.Contains(report.Problems, p => p.Contains("step-1.vgck"));
            var e = Assert.Throws<VidganException>(() => CheckpointIntegrity.Require(lib.Catalog, checkpoint));
            Assert.Contains("not the file the library recorded", e.Message);
        }
    }

    [Fact]
    public void LeftoversAreWarningsThatRepairRemoves()
    {
        using var temp = new TempDir();
        var (lib, shas, _) = Library(temp);
        using (lib)
        {
            string temporary = Path.Combine(lib.Blobs.Directory, ".x.0123456789abcdef0123456789abcdef.tmp");
            File.WriteAllText(temporary, "half");
            string orphan = lib.Blobs.PathFor(new string('e', 64));
            Directory.CreateDirectory(Path.GetDirectoryName(orphan)!);
            File.WriteAllText(orphan, "nobody's");
            string cache = Directory.GetFiles(lib.Cache.Directory, "*.frames", SearchOption.AllDirectories).Single();
            File.WriteAllBytes(cache, File.ReadAllBytes(cache)[..20]);

            var seen = LibraryCheck.Run(lib, repair: false);
            Assert.True(seen.Passed);
            Assert.Equal(3, seen.Warnings.Count);
            Assert.True(File.Exists(temporary) && File.Exists(orphan) && File.Exists(cache));

            var fixedUp = LibraryCheck.Run(lib, repair: true);
            Assert.Equal(3, fixedUp.Repaired.Count);
            Assert.False(File.Exists(temporary) || File.Exists(orphan) || File.Exists(cache));
            Assert.True(File.Exists(lib.Blobs.PathFor(shas[0])));
            Assert.Empty(LibraryCheck.Run(lib, repair: false).Warnings);
        }
    }
}
