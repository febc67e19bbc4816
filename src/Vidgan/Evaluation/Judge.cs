using System.Text;
using TorchSharp;
using Vidgan.Data;
using Vidgan.Library;
using Vidgan.Models;
using Vidgan.Util;
using static TorchSharp.torch;

namespace Vidgan.Evaluation;

/// <summary>The trained judge of one clip set, with the class order it was trained on. Trained once on the real
/// training clips and cached in the library (<c>judges/</c>), keyed by those clips.</summary>
public sealed class Judge : IDisposable
{
    const string Magic = "VIDGANJUDGE1";
    public const int TrainSteps = 600;
    public const int TrainBatch = 32;

    Judge(JudgeNetwork network, IReadOnlyList<string> classes, Device device)
    {
        Network = network;
        Classes = classes;
        Device = device;
        network.eval();
    }

    public JudgeNetwork Network { get; }
    public IReadOnlyList<string> Classes { get; }
    public Device Device { get; }

    /// <summary>Where the library caches the judge of exactly these training clips and this many steps. The key
    /// names the clips and the recipe, so neither a judge trained before more clips (or classes) were ingested nor
    /// one trained the older way (a constant learning rate) is reused.</summary>
    public static string CachePath(VidganLibrary library, TrainingSet train, int steps = TrainSteps) =>
        Path.Combine(
            library.JudgesFolder,
            Hashing.Sha256($"{train.ContentKey}/steps{steps}/cosine")[..16] + ".vgjudge"
        );

    /// <summary>Loads the cached judge for exactly these training clips, else the one Vidgan ships for them, else
    /// trains and caches one.</summary>
    /// <param name="shipped">Finds a shipped judge by its cache file name (tests give their own).</param>
    public static (Judge Judge, JudgeSource Source) LoadOrTrain(
        VidganLibrary library,
        TrainingSet train,
        Device device,
        int seed = 1,
        int steps = TrainSteps,
        Func<string, Stream?>? shipped = null
    )
    {
        string path = CachePath(library, train, steps);
        if (File.Exists(path))
            return (Load(path, device, library.Cipher), JudgeSource.Cached);
        // Shipped judges were trained with the default seed.
        using (var stream = seed == 1 ? (shipped ?? ShippedJudge.Open)(Path.GetFileName(path)) : null)
            if (stream != null)
                return (Load(stream, "shipped judge " + Path.GetFileName(path), device), JudgeSource.Shipped);
        var judge = Train(train, device, seed, steps);
        judge.Save(path, library.Cipher);
        return (judge, JudgeSource.TrainedNow);
    }

    /// <summary>The judge's classes when the clips carry fewer than two labels: a self-supervised task that needs
    /// appearance and motion to solve: is a clip as recorded, its frames shuffled, or one frame held still?</summary>
    public static readonly string[] PretextClasses = { "in order", "shuffled", "frozen" };

    public bool IsPretext => Classes.SequenceEqual(PretextClasses);

    public static Judge Train(
        TrainingSet train,
        Device device,
        int seed = 1,
        int steps = TrainSteps,
        int batch = TrainBatch,
        Func<Tensor, Tensor>? augment = null,
        bool balanced = false
    )
    {
        bool pretext = train.ClassNames.Count < 2;
        var classNames = pretext ? PretextClasses : train.ClassNames;
        var rng = new Random(seed);
        var network = TorchRandom.Seeded(seed, () => new JudgeNetwork(classNames.Count)).to(device);
        using var draws = TorchRandom.Own(seed);
        using var ownDraws = TorchRandom.Use(draws);
        var optimizer = new ScalarSafe.Adam(network.parameters(), 2e-3, 0.9, 0.999);
        // Annealed to zero: at a constant rate the last step landed anywhere in an oscillation, and the same judge
        // scored 100 % on the real test clips on one CPU kind and 88.9 % on another (bench/results/judge-demo.md).
        var schedule = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, steps);
        network.train();
        for (int step = 0; step < steps; step++)
        {
            using var scope = torch.NewDisposeScope();
            var (clips, classes) =
                balanced && !pretext
                    ? train.BalancedBatch(rng, batch, device, flip: true)
                    : train.Batch(rng, batch, device, flip: true);
            if (augment != null)
                clips = augment(clips);
            if (pretext)
                (clips, classes) = Pretext(clips, rng);
            var loss = nn.functional.cross_entropy(network.forward(clips), classes);
            optimizer.zero_grad();
            loss.backward();
            optimizer.step();
            schedule.step();
        }
        return new Judge(network, classNames, device);
    }

    /// <summary>Applies a random pretext transformation to each clip (B, 3, T, H, W) and returns its index as the
    /// label.</summary>
    public static (Tensor Clips, Tensor Labels) Pretext(Tensor clips, Random rng)
    {
        long b = clips.shape[0],
            t = clips.shape[2];
        var labels = new long[b];
        var parts = new Tensor[b];
        for (int i = 0; i < b; i++)
        {
            labels[i] = rng.Next(PretextClasses.Length);
            var clip = clips.narrow(0, i, 1);
            long[] order = labels[i] switch
            {
                1 => Shuffled(rng, (int)t),
                2 => Enumerable.Repeat((long)rng.Next((int)t), (int)t).ToArray(),
                _ => Enumerable.Range(0, (int)t).Select(x => (long)x).ToArray(),
            };
            parts[i] = clip.index_select(2, torch.tensor(order, device: clips.device));
        }
        return (torch.cat(parts, 0), torch.tensor(labels, device: clips.device));
    }

    static long[] Shuffled(Random rng, int frames)
    {
        var order = Enumerable.Range(0, frames).Select(x => (long)x).ToArray();
        // A shuffle that leaves the clip in order teaches nothing: retry until it moves something.
        do rng.Shuffle(order);
        while (frames > 1 && order.Select((v, i) => v == i).All(x => x));
        return order;
    }

    /// <summary>Features (N, 128) and class probabilities (N, C) of clips (N, 3, T, H, W) in [-1, 1],
    /// batched.</summary>
    public (Tensor Features, Tensor Probabilities) Apply(Tensor clips, int batch = 64)
    {
        using var _ = torch.no_grad();
        var features = new List<Tensor>();
        var probabilities = new List<Tensor>();
        for (long start = 0; start < clips.shape[0]; start += batch)
        {
            using var scope = torch.NewDisposeScope();
            var x = clips.narrow(0, start, Math.Min(batch, clips.shape[0] - start)).to(Device);
            var f = Network.Features(x);
            features.Add(f.cpu().MoveToOuterDisposeScope());
            probabilities.Add(nn.functional.softmax(Network.forward(x), 1).cpu().MoveToOuterDisposeScope());
        }
        return (torch.cat(features, 0), torch.cat(probabilities, 0));
    }

    /// <summary>Writes the judge; through <paramref name="cipher"/> in an encrypted library, since its weights were
    /// trained on the library's clips.</summary>
    public void Save(string path, LibraryCipher? cipher = null)
    {
        void Write(Stream stream)
        {
            using var w = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
            w.Write(Magic);
            w.Write(Json.Compact(Classes));
            Network.save(w);
        }
        if (cipher != null)
            cipher.Write(path, CipherName(path), Write);
        else
            AtomicFile.Write(path, Write);
    }

    /// <summary>A judge's name in an encrypted library's files, so one cannot be swapped for another.</summary>
    public static string CipherName(string path) => "judge:" + Path.GetFileName(path);

    /// <param name="cipher">An encrypted library's cipher: a judge cached before the library was encrypted still
    /// reads.</param>
    public static Judge Load(string path, Device device, LibraryCipher? cipher = null)
    {
        using var stream = cipher != null ? cipher.OpenEither(path, CipherName(path)) : File.OpenRead(path);
        return Load(stream, $"cached judge {path}", device, "delete it to retrain");
    }

    /// <param name="what">Names the judge in the error a damaged one gives.</param>
    public static Judge Load(Stream stream, string what, Device device, string remedy = "reinstall Vidgan")
    {
        try
        {
            using var r = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
            if (r.ReadString() != Magic)
                throw new InvalidDataException();
            var classes = Json.Deserialize<string[]>(r.ReadString());
            var network = TorchRandom.Build(() => new JudgeNetwork(classes.Length));
            network.load(r);
            return new Judge(network.to(device), classes, device);
        }
        catch (Exception e) when (e is not VidganException)
        {
            throw new VidganException($"{what} is damaged: {remedy}", 1, e);
        }
    }

    /// <summary>Encrypts the library's cached judges in place (for converting a library); how many were
    /// plain.</summary>
    public static int EncryptCached(VidganLibrary library)
    {
        var cipher =
            library.Cipher ?? throw new VidganException($"library {library.Root} has no keyring: encrypt it first");
        if (!Directory.Exists(library.JudgesFolder))
            return 0;
        return Directory
            .GetFiles(library.JudgesFolder, "*.vgjudge")
            .Count(path => cipher.EncryptInPlace(path, CipherName(path)));
    }

    public void Dispose() => Network.Dispose();
}

/// <summary>Where an evaluation's judge came from.</summary>
public enum JudgeSource
{
    TrainedNow,
    Cached,
    Shipped,
}
