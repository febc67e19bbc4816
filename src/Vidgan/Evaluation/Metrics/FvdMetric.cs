using Vidgan.Util;
using static TorchSharp.torch;

namespace Vidgan.Evaluation;

/// <summary>The standard FVD (I3D Kinetics-400 logits, 16 frames at 224×224 in [-1, 1]), with the same real-vs-real
/// floor.</summary>
public sealed record FvdReport(
    string I3d,
    double Fvd,
    int GeneratedSamples,
    int RealSamples,
    double RealVsRealFloor,
    int FloorSamples,
    string? Caution = null
);

/// <summary>The standard FVD, measured only when the user gives an I3D TorchScript file.</summary>
public sealed class FvdMetric : Metric<FvdReport>
{
    const int Chunk = 256;

    public override string Key => "fvd";

    public override FvdReport? Measure(EvaluationContext c)
    {
        if (c.I3d is not I3dFeatures i3d)
            return null;
        int samples = c.Options.FvdSamples,
            realCount = c.Real.Count;
        c.Progress?.Invoke($"standard FVD: I3D features of {samples} generated and {realCount} real clips");
        var parts = new List<Tensor>();
        for (int from = 0; from < samples; from += Chunk)
            using (var chunk = c.Generate(from, Math.Min(Chunk, samples - from)))
                parts.Add(i3d.Features(chunk));
        using var scope = NewDisposeScope();
        var fake = cat(parts, 0);
        foreach (var part in parts)
            part.Dispose();
        var real = i3d.Features(c.RealClips);
        var halves = randperm(realCount, generator: new Generator(11));
        long h = realCount / 2;
        var floor = FrechetDistance.Compute(
            real.index_select(0, halves.narrow(0, 0, h)),
            real.index_select(0, halves.narrow(0, h, h))
        );
        return new FvdReport(
            c.Options.I3dPath!,
            FrechetDistance.Compute(real, fake),
            samples,
            realCount,
            floor,
            (int)h,
            OneDnnZen5.CautionForExternalNetworks
        );
    }

    public override IEnumerable<string> Summarize(FvdReport s, EvaluationReport r)
    {
        yield return $"  standard FVD     {s.Fvd:0.0} ({s.GeneratedSamples} generated vs {s.RealSamples} real "
            + $"{r.SplitName} "
            + $"clips; I3D {Path.GetFileName(s.I3d)}, 16 frames at 224×224); real-vs-real floor "
            + $"{s.RealVsRealFloor:0.0} ({s.FloorSamples} vs {s.FloorSamples})";
        if (s.Caution is not null)
            yield return $"  caution: {s.Caution}";
    }
}
