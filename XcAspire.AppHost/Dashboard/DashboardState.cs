using XcAspire.AppHost.Otlp;
using XcAspire.AppHost.Resources;
using XcAspire.AppHost.Telemetry;

namespace XcAspire.AppHost.Dashboard;

/// <summary>Links the dashboard shows next to the resources.</summary>
internal sealed record DashboardLinks(string Api, string AdminUi, string ApiReference);

/// <summary>Everything the dashboard serves: the resources and the telemetry received from them.</summary>
internal sealed class DashboardState(ResourceCatalog resources, DashboardLinks links, TimeProvider time)
{
    public ResourceCatalog Resources { get; } = resources;

    public DashboardLinks Links { get; } = links;

    public TraceStore Traces { get; } = new();

    public MetricStore Metrics { get; } = new(time);

    public RingBuffer<OtlpLogRecord> Logs { get; } = new(10_000);
}
