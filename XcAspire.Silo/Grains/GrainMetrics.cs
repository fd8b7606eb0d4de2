using System.Diagnostics.Metrics;
using XcAspire.ServiceDefaults.Telemetry;

namespace XcAspire.Silo.Grains;

/// <summary>The silo's own instruments: what the dashboard and an operator watch.</summary>
public static class GrainMetrics
{
    public static readonly Counter<long> RaceSteps = XcTelemetry.Meter.CreateCounter<long>(
        "xc.race.steps", description: "Race steps finished, by step and outcome");

    public static readonly Counter<long> Retries = XcTelemetry.Meter.CreateCounter<long>(
        "xc.race.retries", description: "Failed race attempts scheduled for a retry");

    public static readonly Counter<long> TransactionsLost = XcTelemetry.Meter.CreateCounter<long>(
        "xc.race.transactions_lost", description: "Race step transactions PostgreSQL rolled back for another (deadlock, serialization failure), run again at once");

    public static readonly Counter<long> Failovers = XcTelemetry.Meter.CreateCounter<long>(
        "xc.race.failovers", description: "Race steps a stopped or dead silo left unfinished, resumed on another activation");

    public static readonly Counter<long> ResultsImported = XcTelemetry.Meter.CreateCounter<long>(
        "xc.results.imported", description: "Input rows imported (every outcome but rejected)");

    public static readonly Histogram<double> ImportThroughput = XcTelemetry.Meter.CreateHistogram<double>(
        "xc.import.throughput", unit: "{row}/s", description: "Rows per second of each race import");
}
