using XcAspire.AppHost.Otlp;

namespace XcAspire.AppHost.Telemetry;

/// <summary>A metric summed over every service instance that reports it, per attribute set.</summary>
internal sealed record MetricAggregate(
    string Name,
    string Unit,
    IReadOnlyDictionary<string, string> Attributes,
    double Total,
    ulong Count,
    double? RatePerSecond);

/// <summary>
/// Metrics received over OTLP, folded into running totals across instances. Each series'
/// change since its previous point is added to its aggregate, so a restarted silo (whose
/// cumulative counters start again from zero) neither loses nor double-counts what it reported.
/// </summary>
internal sealed class MetricStore(TimeProvider time)
{
    private const int MaxSeries = 10_000;
    private const int HistoryLength = 240;
    private static readonly TimeSpan RateWindow = TimeSpan.FromSeconds(30);
    private readonly Lock gate = new();
    private readonly Dictionary<string, (double Value, ulong Count)> lastBySeries = [];
    private readonly Dictionary<string, Aggregate> aggregates = [];

    public void Add(IEnumerable<OtlpMetricPoint> points)
    {
        var now = time.GetUtcNow();
        lock (gate)
        {
            var touched = new HashSet<Aggregate>();
            foreach (var point in points)
            {
                var attributes = string.Join(",", point.Attributes.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => $"{a.Key}={a.Value}"));
                var seriesKey = $"{point.Service}|{point.Instance}|{point.Name}|{attributes}";
                var aggregateKey = $"{point.Name}|{attributes}";
                if (!lastBySeries.TryGetValue(seriesKey, out var last) && lastBySeries.Count >= MaxSeries)
                {
                    continue;
                }

                if (!aggregates.TryGetValue(aggregateKey, out var aggregate))
                {
                    aggregate = new Aggregate(point.Name, point.Unit, point.Attributes, point.Monotonic);
                    aggregates[aggregateKey] = aggregate;
                }

                var (valueDelta, countDelta) = Change(point, last);
                aggregate.Total += valueDelta;
                aggregate.Count += countDelta;
                lastBySeries[seriesKey] = (point.Value, point.Count);
                touched.Add(aggregate);
            }

            foreach (var aggregate in touched)
            {
                aggregate.Record(now);
            }
        }
    }

    public IReadOnlyList<MetricAggregate> Snapshot()
    {
        var now = time.GetUtcNow();
        lock (gate)
        {
            return aggregates.Values
                .Select(a => new MetricAggregate(a.Name, a.Unit, a.Attributes, a.Total, a.Count, a.Monotonic ? a.Rate(now) : null))
                .OrderBy(a => a.Name, StringComparer.Ordinal)
                .ToList();
        }
    }

    /// <summary>Recent (time, total) samples of one metric summed over its attribute sets, for a sparkline.</summary>
    public IReadOnlyList<(DateTimeOffset Time, double Total)> History(string name)
    {
        lock (gate)
        {
            var histories = aggregates.Values.Where(a => a.Name == name).Select(a => a.History).ToList();
            var times = histories.SelectMany(h => h.Select(s => s.Time)).Distinct().Order().ToList();
            return times.Select(t => (t, histories.Sum(h => h.LastOrDefault(s => s.Time <= t).Total))).ToList();
        }
    }

    private static (double Value, ulong Count) Change(OtlpMetricPoint point, (double Value, ulong Count) last)
    {
        if (!point.Cumulative)
        {
            return (point.Value, point.Count);
        }

        // A monotonic series that went down was restarted: everything it reports now is new.
        if (point.Monotonic && (point.Value < last.Value || point.Count < last.Count))
        {
            return (point.Value, point.Count);
        }

        return (point.Value - last.Value, point.Count >= last.Count ? point.Count - last.Count : point.Count);
    }

    private sealed class Aggregate(string name, string unit, IReadOnlyDictionary<string, string> attributes, bool monotonic)
    {
        /// <summary>Only a count that never goes down has a meaningful rate; a gauge's change per second is noise.</summary>
        public bool Monotonic { get; } = monotonic;

        public string Name { get; } = name;

        public string Unit { get; } = unit;

        public IReadOnlyDictionary<string, string> Attributes { get; } = attributes;

        public double Total { get; set; }

        public ulong Count { get; set; }

        public List<(DateTimeOffset Time, double Total)> History { get; } = [];

        public void Record(DateTimeOffset now)
        {
            History.Add((now, Total));
            if (History.Count > HistoryLength)
            {
                History.RemoveAt(0);
            }
        }

        /// <summary>
        /// Change per second over the last half minute. Series start at zero with the services the
        /// AppHost starts, so before the first sample older than the window the baseline is zero.
        /// </summary>
        public double Rate(DateTimeOffset now)
        {
            var baseline = History.LastOrDefault(s => s.Time <= now - RateWindow).Total;
            return (Total - baseline) / RateWindow.TotalSeconds;
        }
    }
}
