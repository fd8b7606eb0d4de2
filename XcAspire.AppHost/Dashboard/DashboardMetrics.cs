using XcAspire.AppHost.Telemetry;

namespace XcAspire.AppHost.Dashboard;

/// <summary>A race step outcome count from the silos' <c>xc.race.steps</c> counter.</summary>
internal sealed record RaceStepCount(string Step, string Outcome, double Count);

internal sealed record MetricSample(DateTimeOffset Time, double Total);

/// <summary>
/// The live figures the metrics page leads with, from the silos' meter (GrainMetrics), followed by
/// every series received.
/// </summary>
internal sealed record DashboardMetrics(
    double ResultsImported,
    double ResultsImportedPerSecond,
    IReadOnlyList<MetricSample> ResultsImportedHistory,
    double LeaseTakeovers,
    double Retries,
    IReadOnlyList<RaceStepCount> RaceSteps,
    IReadOnlyList<MetricAggregate> Series)
{
    public const string ResultsImportedMetric = "xc.results.imported";
    public const string LeaseTakeoversMetric = "xc.lease.takeovers";
    public const string RetriesMetric = "xc.race.retries";
    public const string RaceStepsMetric = "xc.race.steps";

    public static DashboardMetrics From(MetricStore store)
    {
        var series = store.Snapshot();
        double Total(string name) => series.Where(s => s.Name == name).Sum(s => s.Total);
        return new DashboardMetrics(
            Total(ResultsImportedMetric),
            series.Where(s => s.Name == ResultsImportedMetric).Sum(s => s.RatePerSecond ?? 0),
            store.History(ResultsImportedMetric).Select(h => new MetricSample(h.Time, h.Total)).ToList(),
            Total(LeaseTakeoversMetric),
            Total(RetriesMetric),
            series.Where(s => s.Name == RaceStepsMetric)
                .Select(s => new RaceStepCount(s.Attributes.GetValueOrDefault("step") ?? "?", s.Attributes.GetValueOrDefault("outcome") ?? "?", s.Total))
                .OrderBy(s => s.Step, StringComparer.Ordinal).ThenBy(s => s.Outcome, StringComparer.Ordinal)
                .ToList(),
            series);
    }
}
