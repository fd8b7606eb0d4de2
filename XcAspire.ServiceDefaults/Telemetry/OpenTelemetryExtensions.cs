using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace XcAspire.ServiceDefaults.Telemetry;

/// <summary>
/// Logs, traces and metrics as Aspire's service-defaults template wires them, plus our own and
/// Orleans' sources; exported over OTLP only when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (the
/// AppHost sets it to its dashboard, with the key the dashboard asks for).
/// </summary>
public static class OpenTelemetryExtensions
{
    /// <summary>Grain calls (runtime) and the spans grains start (application), as Orleans names them.</summary>
    private static readonly string[] OrleansSources = ["Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application"];

    private const string OrleansMeter = "Microsoft.Orleans";

    public static IHostApplicationBuilder ConfigureOpenTelemetry(this IHostApplicationBuilder builder)
    {
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddNpgsqlInstrumentation()
                .AddMeter(OrleansMeter, XcTelemetry.SourceName))
            .WithTracing(tracing => tracing
                .SetSampler(QuietRootsSampler.ForRootsOnly())
                .AddSource(builder.Environment.ApplicationName, XcTelemetry.SourceName)
                .AddSource(OrleansSources)
                // Health polls (the AppHost's, every few seconds) would bury the traces worth reading.
                .AddAspNetCoreInstrumentation(o => o.Filter = context => !IsHealthProbe(context.Request.Path))
                .AddHttpClientInstrumentation()
                .AddNpgsql());

        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            builder.Services.AddOpenTelemetry().UseOtlpExporter();
        }

        return builder;
    }

    private static bool IsHealthProbe(PathString path) =>
        path.StartsWithSegments(ServiceDefaultsExtensions.HealthPath) || path.StartsWithSegments(ServiceDefaultsExtensions.AlivePath);
}
