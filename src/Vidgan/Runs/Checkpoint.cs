using System.Text;
using TorchSharp.Modules;
using Vidgan.Library;
using Vidgan.Models;
using Vidgan.Util;

namespace Vidgan.Runs;

/// <summary>A checkpoint file: magic, a JSON header (config, step, section names) and length-prefixed
/// sections holding TorchSharp's tensor format for each network and optimizer. Nothing in it is code,
/// so loading one cannot run anything. Files are written to a temp name and renamed into place.</summary>
public static class Checkpoint
{
    public const string Extension = ".vgck";
    static readonly byte[] Magic = Encoding.ASCII.GetBytes("VIDGANCK");
    const int FormatVersion = 1;

    public sealed record Header(
        TrainConfig Config,
        long Step,
        long ClipsSeen,
        string CreatedAt,
        IReadOnlyList<string> Sections
    )
    {
        /// <summary>The adaptive augmentation's probability when the checkpoint was written (null: not
        /// adaptive).</summary>
        public double? AugmentProbability { get; init; }
    }

    public static void Save(
        string path,
        TrainConfig config,
        long step,
        long clipsSeen,
        GanModels models,
        OptimizerHelper? optimizerG,
        OptimizerHelper? optimizerD,
        LibraryCipher? cipher = null,
        double? augmentProbability = null
    )
    {
        var sections = new List<(string Name, byte[] Bytes)>
        {
            ("generator", Serialize(w => models.Generator.save(w))),
            ("generator_ema", Serialize(w => models.GeneratorEma.save(w))),
            ("video_discriminator", Serialize(w => models.VideoDiscriminator.save(w))),
            ("image_discriminator", Serialize(w => models.ImageDiscriminator.save(w))),
        };
        if (models.Encoder != null)
            sections.Add(("encoder", Serialize(w => models.Encoder.save(w))));
        if (optimizerG != null)
            sections.Add(("optimizer_g", Serialize(optimizerG.save_state_dict)));
        if (optimizerD != null)
            sections.Add(("optimizer_d", Serialize(optimizerD.save_state_dict)));
        var header = new Header(
            config,
            step,
            clipsSeen,
            DateTime.UtcNow.ToString("O"),
            sections.Select(s => s.Name).ToArray()
        )
        {
            AugmentProbability = augmentProbability,
        };
        void Write(Stream stream)
        {
            using var w = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
            w.Write(Magic);
            w.Write(FormatVersion);
            w.Write(Json.Serialize(header));
            foreach (var (name, bytes) in sections)
            {
                w.Write(name);
                w.Write((long)bytes.Length);
                w.Write(bytes);
            }
        }
        if (cipher != null)
            cipher.Write(path, CipherName(path), Write);
        else
            AtomicFile.Write(path, Write);
    }

    /// <summary>A checkpoint's name in an encrypted library's files: its file name, so steps cannot be
    /// swapped.</summary>
    static string CipherName(string path) => "checkpoint:" + Path.GetFileName(path);

    public static Header ReadHeader(string path, LibraryCipher? cipher = null) => Read(path, cipher, []);

    /// <summary>Loads weights into <paramref name="models"/> (and optimizers when given). The caller builds
    /// the models from <see cref="ReadHeader"/>'s config, so a mismatch here means a damaged file.</summary>
    public static Header Load(
        string path,
        GanModels models,
        OptimizerHelper? optimizerG = null,
        OptimizerHelper? optimizerD = null,
        LibraryCipher? cipher = null
    )
    {
        // The optimizers' moments are twice the networks' size; sampling and evaluation never read them.
        var sections = new List<(string, Action<BinaryReader>)>
        {
            ("generator", r => models.Generator.load(r)),
            ("generator_ema", r => models.GeneratorEma.load(r)),
            ("video_discriminator", r => models.VideoDiscriminator.load(r)),
            ("image_discriminator", r => models.ImageDiscriminator.load(r)),
        };
        if (models.Encoder != null)
            sections.Add(("encoder", r => models.Encoder.load(r)));
        if (optimizerG != null)
            sections.Add(("optimizer_g", optimizerG.load_state_dict));
        if (optimizerD != null)
            sections.Add(("optimizer_d", optimizerD.load_state_dict));
        var header = Read(path, cipher, sections);
        if (models.FirstNonFinite() is string bad)
            throw new VidganException(
                $"checkpoint {path} holds non-finite weights ({bad}): it was written by a run that "
                    + "diverged; delete it to resume from the checkpoint before it"
            );
        return header;
    }

    /// <summary>The header, then each of <paramref name="sections"/> loaded straight from the file (a copy of the
    /// sections in memory first cost more than the loading, in fresh pages).</summary>
    static Header Read(string path, LibraryCipher? cipher, List<(string Name, Action<BinaryReader> Load)> sections)
    {
        if (!File.Exists(path))
            throw new VidganException($"checkpoint {path} does not exist");
        try
        {
            if (cipher == null && LibraryCipher.IsEncrypted(path))
                throw new VidganException($"checkpoint {path} is encrypted: open it through its library with the key");
            using var r = new BinaryReader(
                cipher != null ? cipher.OpenEither(path, CipherName(path)) : File.OpenRead(path),
                Encoding.UTF8
            );
            if (!r.ReadBytes(Magic.Length).AsSpan().SequenceEqual(Magic))
                throw new VidganException($"{path} is not a Vidgan checkpoint");
            int version = r.ReadInt32();
            if (version != FormatVersion)
                throw new VidganException(
                    $"checkpoint {path} has format {version}; this Vidgan reads format {FormatVersion}"
                );
            var header = Json.Deserialize<Header>(r.ReadString());
            if (sections.Count == 0)
                return header;
            // Every section is found first, so a file cut short anywhere is refused before any weight is loaded.
            var places = new Dictionary<string, (long Start, long Length)>();
            foreach (string expected in header.Sections)
            {
                string name = r.ReadString();
                long length = r.ReadInt64();
                if (name != expected || length < 0 || length > r.BaseStream.Length - r.BaseStream.Position)
                    throw new EndOfStreamException();
                places[name] = (r.BaseStream.Position, length);
                r.BaseStream.Seek(length, SeekOrigin.Current);
            }
            foreach (var (name, load) in sections)
            {
                if (!places.TryGetValue(name, out var place))
                    throw new VidganException($"checkpoint {path} has no '{name}' section");
                r.BaseStream.Position = place.Start;
                Restore(path, name, load, r);
                if (r.BaseStream.Position != place.Start + place.Length)
                    throw new VidganException(
                        $"checkpoint {path} does not fit its own model config (section '{name}' holds "
                            + $"{place.Length} bytes; the model read {r.BaseStream.Position - place.Start})"
                    );
            }
            return header;
        }
        catch (Exception e)
            when (e is EndOfStreamException or System.Text.Json.JsonException or InvalidDataException or IOException)
        {
            throw new VidganException($"checkpoint {path} is damaged or truncated", 1, e);
        }
    }

    static byte[] Serialize(Action<BinaryWriter> write)
    {
        using var memory = new MemoryStream();
        using (var w = new BinaryWriter(memory, Encoding.UTF8, leaveOpen: true))
            write(w);
        return memory.ToArray();
    }

    static void Restore(string path, string name, Action<BinaryReader> load, BinaryReader r)
    {
        try
        {
            load(r);
        }
        catch (Exception e) when (e is not (VidganException or EndOfStreamException or IOException))
        {
            throw new VidganException(
                $"checkpoint {path} does not fit its own model config ({name}: {e.Message.Split('\n')[0]})",
                1,
                e
            );
        }
    }
}
