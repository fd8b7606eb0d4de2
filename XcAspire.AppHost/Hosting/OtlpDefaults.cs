namespace XcAspire.AppHost.Hosting;

/// <summary>
/// Where the services send their telemetry: the dashboard's OTLP/HTTP receiver, unless the user
/// set <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> (then theirs applies and the dashboard shows no traces).
/// </summary>
internal static class OtlpDefaults
{
    public const string EndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public static void Apply(SystemModel model, Uri dashboardUrl)
    {
        if (!model.SetDefault(EndpointVariable, dashboardUrl.ToString().TrimEnd('/')))
        {
            return;
        }

        // The dashboard only speaks OTLP over HTTP with protobuf bodies.
        model.SharedEnvironment["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf";
        // Live views: export every few seconds instead of the SDK's 60 s (metrics) and 5 s (spans, logs).
        model.SetDefault("OTEL_METRIC_EXPORT_INTERVAL", "3000");
        model.SetDefault("OTEL_BSP_SCHEDULE_DELAY", "1000");
        model.SetDefault("OTEL_BLRP_SCHEDULE_DELAY", "1000");
    }

    /// <summary>The line start-up prints about telemetry.</summary>
    public static string Describe(SystemModel model) =>
        model.UserEnvironment.TryGetValue(EndpointVariable, out var own) && !string.IsNullOrEmpty(own)
            ? $"{own} (from {EndpointVariable}; the dashboard receives no telemetry)"
            : $"{model.SharedEnvironment[EndpointVariable]} (the dashboard, http/protobuf; set {EndpointVariable} to send elsewhere)";
}
