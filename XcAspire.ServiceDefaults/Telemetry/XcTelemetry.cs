using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace XcAspire.ServiceDefaults.Telemetry;

/// <summary>The names our own spans and instruments are published under.</summary>
public static class XcTelemetry
{
    public const string SourceName = "XcAspire";

    public static readonly ActivitySource Source = new(SourceName);

    public static readonly Meter Meter = new(SourceName);
}
