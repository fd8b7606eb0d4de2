using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using XcAspire.AppHost.Otlp;
using XcAspire.AppHost.Telemetry;

namespace XcAspire.AppHost.Dashboard;

internal sealed record TraceListResponse(IReadOnlyList<TraceSummary> Traces);

internal sealed record TraceResponse(string TraceId, IReadOnlyList<OtlpSpan> Spans);

internal sealed record LogsResponse(long Last, IReadOnlyList<OtlpLogRecord> Records);

/// <summary>/api/traces, /api/metrics and /api/logs: what the services sent over OTLP.</summary>
internal static class TelemetryEndpoints
{
    public static void MapTelemetryEndpoints(this WebApplication app)
    {
        app.MapGet("/api/traces", ListTraces);
        app.MapGet("/api/traces/{traceId}", GetTrace);
        app.MapGet("/api/metrics", GetMetrics);
        app.MapGet("/api/logs", GetLogs);
    }

    private static Ok<TraceListResponse> ListTraces(DashboardState state, string? search, int? limit) =>
        TypedResults.Ok(new TraceListResponse(state.Traces.List(Math.Clamp(limit ?? 200, 1, 1000), search)));

    private static Results<Ok<TraceResponse>, NotFound> GetTrace(string traceId, DashboardState state) =>
        state.Traces.Get(traceId.ToLowerInvariant()) is { } spans
            ? TypedResults.Ok(new TraceResponse(traceId, spans))
            : TypedResults.NotFound();

    private static Ok<DashboardMetrics> GetMetrics(DashboardState state) =>
        TypedResults.Ok(DashboardMetrics.From(state.Metrics));

    private static Ok<LogsResponse> GetLogs(DashboardState state, long? after)
    {
        var (items, last) = state.Logs.After(after ?? -1, max: 1000);
        return TypedResults.Ok(new LogsResponse(last, items.Select(i => i.Item).ToList()));
    }
}
