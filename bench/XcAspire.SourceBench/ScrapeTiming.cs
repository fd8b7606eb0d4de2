using System.Globalization;
using XcAspire.Silo.Sources;
using XcAspire.Silo.Sources.Sample;

namespace XcAspire.SourceBench;

/// <summary>
/// One scrape's wall time against the time its politeness settings imply, and where any excess went, from
/// the sample source's own record of each call: before the first call arrived, the source answering slower
/// than its configured latency (a busy machine slows the server too), other waits past what the spacing
/// allows, and after the last answer was sent. The politeness excess is the client's own waiting beyond
/// the spacing (before the first call and between calls); the source's slowness and the handling of the
/// last answer (reading, parsing and storing it) are not waiting, and are printed beside it.
/// </summary>
internal sealed record ScrapeTiming(
    int Calls, TimeSpan Wall, TimeSpan Implied, TimeSpan BeforeFirstCall, TimeSpan SourceSlower, TimeSpan PastSpacing, TimeSpan AfterLastAnswer)
{
    /// <summary>The politeness excess may be at most this share of the floor (the target: 1 %).</summary>
    public const double MaxPolitenessExcess = 0.01;

    public bool Within => Wall <= Implied;

    /// <summary>Time the client waited beyond what the spacing asks: before its first call and between calls.</summary>
    public TimeSpan PolitenessExcess => BeforeFirstCall + PastSpacing;

    public double PolitenessExcessShare => PolitenessExcess / Implied;

    public string WallText => string.Create(CultureInfo.InvariantCulture, $"{Wall.TotalSeconds:F3} s");

    public static ScrapeTiming From(IReadOnlyList<SampleRequest> calls, SourceOptions options, TimeSpan latency, DateTimeOffset started, TimeSpan wall)
    {
        var implied = ImpliedBy(calls, options, _ => latency);
        // The same, had every call taken as long as the source really took to answer it: the difference is the
        // source's, not the client's.
        var sourceSlower = ImpliedBy(calls, options, call => call.EndedAt - call.StartedAt) - implied;
        var before = calls[0].StartedAt - started;
        var after = started + wall - calls[^1].EndedAt;
        return new ScrapeTiming(calls.Count, wall, implied, before, sourceSlower, wall - implied - before - sourceSlower - after, after);
    }

    public string Describe(string name)
    {
        var verdict = Within
            ? string.Create(CultureInfo.InvariantCulture, $"within ({(Implied - Wall).TotalSeconds:F3} s under)")
            : string.Create(CultureInfo.InvariantCulture, $"OVER by {(Wall - Implied).TotalSeconds:F3} s ({(Wall - Implied) / Implied:P1})");
        var politeness = PolitenessExcessShare <= MaxPolitenessExcess ? "within" : "OVER";
        return string.Create(CultureInfo.InvariantCulture,
            $"  {name}: {Calls} calls, wall {Wall.TotalSeconds:F3} s vs {Implied.TotalSeconds:F3} s that politeness implies: {verdict}; " +
            $"politeness excess {PolitenessExcess.TotalSeconds:F3} s = {PolitenessExcessShare:P2} of the floor, " +
            $"{politeness} {MaxPolitenessExcess:P0} [before the first call {BeforeFirstCall.TotalSeconds:F3} s, " +
            $"other waits past the spacing {PastSpacing.TotalSeconds:F3} s; not waiting: source slower than its latency " +
            $"{SourceSlower.TotalSeconds:F3} s, after the last answer {AfterLastAnswer.TotalSeconds:F3} s]");
    }

    // The fastest any polite client could go: each call starts a spacing after the previous start (or when
    // the previous ends, if later) and takes the latency.
    private static TimeSpan ImpliedBy(IReadOnlyList<SampleRequest> calls, SourceOptions options, Func<SampleRequest, TimeSpan> latency)
    {
        TimeSpan? start = null;
        var end = TimeSpan.Zero;
        foreach (var call in calls)
        {
            var spacing = call.Path.Contains("Results", StringComparison.Ordinal) ? options.ResultsSpacing : options.Spacing;
            start = start is null ? TimeSpan.Zero : Max(start.Value + spacing, end);
            end = start.Value + latency(call);
        }

        return end;
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
