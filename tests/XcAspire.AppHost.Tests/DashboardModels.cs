namespace XcAspire.AppHost.Tests;

// The dashboard's JSON, as the tests read it.
public sealed record DashboardResources(IReadOnlyList<DashboardResource> Resources, DashboardLinks Links);

public sealed record DashboardLinks(string Api, string AdminUi, string ApiReference);

public sealed record DashboardResource(string Name, string Kind, string State, int? ProcessId, string? Url, DateTimeOffset? StartedAt, int Restarts, int? LastExitCode, bool CanControl);

public sealed record DashboardTraces(IReadOnlyList<DashboardTraceSummary> Traces);

public sealed record DashboardTraceSummary(string TraceId, string Name, string Service, long StartUnixNano, double DurationMs, int SpanCount, int ErrorCount, IReadOnlyList<string> Services);

public sealed record DashboardTrace(string TraceId, IReadOnlyList<DashboardSpan> Spans);

public sealed record DashboardSpan(
    string TraceId,
    string SpanId,
    string? ParentSpanId,
    string Name,
    long StartUnixNano,
    long EndUnixNano,
    int StatusCode,
    string Service,
    string? Instance,
    string Scope,
    IReadOnlyDictionary<string, string> Attributes);
