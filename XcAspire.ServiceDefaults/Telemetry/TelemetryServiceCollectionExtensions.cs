using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace XcAspire.ServiceDefaults.Telemetry;

public static class TelemetryServiceCollectionExtensions
{
    private static readonly string[] Sources = ["Microsoft.AspNetCore", "System.Net.Http", "Npgsql", XcTelemetry.SourceName];
    private static readonly string[] Meters =
        ["Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "System.Net.Http", "Npgsql", XcTelemetry.SourceName];

    /// <summary>
    /// Traces, metrics and logs over OTLP, only when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set: without a
    /// collector there is nowhere to send them, and listening would cost for nothing.
    /// The hosting extensions package is not available to us, so the providers are DI singletons that a
    /// hosted service creates at start; the container disposes (and so flushes) them at shutdown.
    /// </summary>
    public static IHostApplicationBuilder AddXcTelemetry(this IHostApplicationBuilder builder)
    {
        var endpoint = builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"];
        if (string.IsNullOrWhiteSpace(endpoint))
        {
            return builder;
        }

        var serviceName = builder.Configuration["OTEL_SERVICE_NAME"] ?? builder.Environment.ApplicationName;
        var instanceId = builder.Configuration["XC_INSTANCE_ID"] ?? Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var resource = ResourceBuilder.CreateDefault().AddService(serviceName, serviceInstanceId: instanceId);

        builder.Services.AddSingleton(_ => Sdk.CreateTracerProviderBuilder()
            .SetResourceBuilder(resource)
            .AddSource(Sources)
            .AddOtlpExporter()
            .Build());
        builder.Services.AddSingleton(_ => Sdk.CreateMeterProviderBuilder()
            .SetResourceBuilder(resource)
            .AddMeter(Meters)
            .AddOtlpExporter()
            .Build());
        builder.Services.AddHostedService<TelemetryStarter>();

        builder.Logging.AddOpenTelemetry(options =>
        {
            options.SetResourceBuilder(resource);
            options.IncludeFormattedMessage = true;
            options.AddOtlpExporter();
        });
        return builder;
    }

    /// <summary>Resolving the providers is what starts them listening.</summary>
    private sealed class TelemetryStarter(TracerProvider tracer, MeterProvider meter) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            GC.KeepAlive(tracer);
            GC.KeepAlive(meter);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
