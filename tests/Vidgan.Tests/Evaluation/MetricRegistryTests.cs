using System.Text.Json;
using Vidgan.Evaluation;
using Vidgan.Library;
using Vidgan.Util;

namespace Vidgan.Tests.Evaluation;

public class MetricRegistryTests
{
    [Fact]
    public void EveryMetricHasItsOwnKey()
    {
        var keys = MetricRegistry.All.Select(m => m.Key).ToArray();
        Assert.Equal(keys.Length, keys.Distinct().Count());
        Assert.Contains("frechet", keys);
    }

    [Fact]
    public void SectionsSitBesideTheHeaderInJsonAndAreFoundByType()
    {
        var frechet = new FrechetReport(3.5, 4.5, 1.25, 64, 32, 16, 8);
        var report = new EvaluationReport("/runs/a", "/runs/a/c.vgck", 10, "layered", Split.Test, 32);
        report.Sections["frechet"] = frechet;
        using var json = JsonDocument.Parse(Json.Serialize(report));
        Assert.Equal(1.25, json.RootElement.GetProperty("frechet").GetProperty("real_vs_real_floor").GetDouble());
        Assert.Equal("layered", json.RootElement.GetProperty("architecture").GetString());
        Assert.Same(frechet, report.Find<FrechetReport>());
        Assert.Null(report.Find<PredictionReport>());
        Assert.Throws<InvalidOperationException>(() => report.Get<PredictionReport>());
    }

    [Fact]
    public void EachMetricSummarizesItsSectionWithTheReportsSplit()
    {
        var report = new EvaluationReport("/runs/a", "/runs/a/c.vgck", 10, "layered", Split.Train, 32);
        var lines = new FrechetMetric().Summarize(new FrechetReport(3.5, 4.5, 1.25, 64, 32, 16, 8), report).ToArray();
        Assert.Contains("4.50 generated vs real, beside the real-vs-real floor 1.25", Assert.Single(lines));
        Assert.Contains("32 real train clips", lines[0]);
    }
}
