using XcAspire.AppHost.Otlp;

namespace XcAspire.AppHost.Telemetry;

/// <summary>A trace as the list shows it: its root (or earliest) span, its extent and its services.</summary>
internal sealed record TraceSummary(
    string TraceId,
    string Name,
    string Service,
    long StartUnixNano,
    double DurationMs,
    int SpanCount,
    int ErrorCount,
    IReadOnlyList<string> Services);

/// <summary>
/// Spans received over OTLP, grouped by trace. Bounded: the oldest trace is dropped when more than
/// <c>maxTraces</c> are held, and a trace keeps at most <c>maxSpansPerTrace</c> spans.
/// </summary>
internal sealed class TraceStore(int maxTraces = 1000, int maxSpansPerTrace = 5000)
{
    private const int StatusError = 2;
    private readonly Lock gate = new();
    private readonly Dictionary<string, List<OtlpSpan>> traces = [];
    private readonly Queue<string> arrival = new();

    public void Add(IEnumerable<OtlpSpan> spans)
    {
        lock (gate)
        {
            foreach (var span in spans)
            {
                if (!traces.TryGetValue(span.TraceId, out var list))
                {
                    list = [];
                    traces[span.TraceId] = list;
                    arrival.Enqueue(span.TraceId);
                    while (traces.Count > maxTraces)
                    {
                        traces.Remove(arrival.Dequeue());
                    }
                }

                if (list.Count < maxSpansPerTrace)
                {
                    list.Add(span);
                }
            }
        }
    }

    public IReadOnlyList<OtlpSpan>? Get(string traceId)
    {
        lock (gate)
        {
            return traces.TryGetValue(traceId, out var list) ? list.OrderBy(s => s.StartUnixNano).ToList() : null;
        }
    }

    /// <summary>The newest traces first; <paramref name="search"/> matches span names, services and attribute values.</summary>
    public IReadOnlyList<TraceSummary> List(int limit, string? search)
    {
        lock (gate)
        {
            return traces.Values
                .Where(spans => string.IsNullOrWhiteSpace(search) || spans.Any(s => Matches(s, search)))
                .Select(Summarize)
                .OrderByDescending(t => t.StartUnixNano)
                .Take(limit)
                .ToList();
        }
    }

    private static bool Matches(OtlpSpan span, string search) =>
        span.Name.Contains(search, StringComparison.OrdinalIgnoreCase)
        || span.Service.Contains(search, StringComparison.OrdinalIgnoreCase)
        || span.TraceId.Equals(search, StringComparison.OrdinalIgnoreCase)
        || span.Attributes.Values.Any(v => v.Contains(search, StringComparison.OrdinalIgnoreCase));

    private static TraceSummary Summarize(List<OtlpSpan> spans)
    {
        var ids = spans.Select(s => s.SpanId).ToHashSet();
        // The root is the span without a parent; while it has not arrived yet, the earliest orphan stands in.
        var root = spans.Where(s => s.ParentSpanId is null || !ids.Contains(s.ParentSpanId))
            .OrderBy(s => s.ParentSpanId is null ? 0 : 1).ThenBy(s => s.StartUnixNano).First();
        var start = spans.Min(s => s.StartUnixNano);
        var end = spans.Max(s => s.EndUnixNano);
        return new TraceSummary(
            root.TraceId,
            root.Name,
            root.Service,
            start,
            (end - start) / 1e6,
            spans.Count,
            spans.Count(s => s.StatusCode == StatusError),
            spans.Select(s => s.Service).Distinct().Order(StringComparer.Ordinal).ToList());
    }
}
