using System.Net;
using System.Net.Http.Headers;

namespace XcAspire.AppHost.Tests;

[Collection(RunningSystemCollection.Name)]
public sealed class TelemetryTests(RunningSystemFixture system)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task An_admin_api_request_arrives_as_a_trace_with_its_sql_spans()
    {
        var host = system.Host;
        using var request = host.AdminRequest(HttpMethod.Get, "api/admin/jobs");
        using var response = await host.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        DashboardTraceSummary? summary = null;
        await host.WaitForAsync(
            async () => (summary = (await host.GetTracesAsync("/api/admin/jobs")).FirstOrDefault(t => t.Name == "GET /api/admin/jobs")) is not null,
            Timeout,
            "the GET /api/admin/jobs trace on the dashboard");

        var trace = await host.GetTraceAsync(summary!.TraceId);
        var root = Assert.Single(trace.Spans, s => s.ParentSpanId is null);
        Assert.Equal("api", root.Service);
        Assert.Equal("200", root.Attributes["http.response.status_code"]);
        // Npgsql's spans are children of the request: the dashboard shows the SQL a request ran.
        Assert.Contains(trace.Spans, s => s.Scope == "Npgsql" && s.ParentSpanId is not null);
    }

    [Fact]
    public async Task An_import_shows_race_traces_with_their_sql_and_the_results_imported()
    {
        var host = system.Host;
        var jobId = await system.SampleImportJobAsync();

        IReadOnlyList<DashboardTraceSummary> traces = [];
        await host.WaitForAsync(
            async () => (traces = (await host.GetTracesAsync(jobId)).Where(t => t.Name == "race import").ToList()).Count == 4,
            Timeout,
            "a race import trace per race of the job");
        var trace = await host.GetTraceAsync(traces[0].TraceId);
        Assert.Equal("silo", Assert.Single(trace.Spans, s => s.ParentSpanId is null).Service);
        Assert.Contains(trace.Spans, s => s.Scope == "Npgsql");

        await host.WaitForAsync(
            async () => (await host.GetMetricsAsync()).GetProperty("resultsImported").GetDouble() > 0,
            Timeout,
            "results imported on the metrics page");
    }

    [Fact]
    public async Task Metrics_from_the_services_arrive()
    {
        var host = system.Host;

        await host.WaitForAsync(
            async () => (await host.GetMetricsAsync()).GetProperty("series").EnumerateArray()
                .Any(s => s.GetProperty("name").GetString() == "http.server.request.duration"),
            Timeout,
            "the services' request duration metric");
    }

    [Fact]
    public async Task Structured_logs_from_the_services_arrive()
    {
        var host = system.Host;

        await host.WaitForAsync(
            async () => (await host.Http.GetStringAsync(new Uri(host.DashboardUrl, "api/logs"))).Contains("Database schema ready", StringComparison.Ordinal),
            Timeout,
            "the migrator's log record on the dashboard");
    }

    [Fact]
    public async Task The_otlp_receiver_refuses_json_and_malformed_protobuf()
    {
        var host = system.Host;
        using var json = new StringContent("{}", MediaTypeHeaderValue.Parse("application/json"));
        using var malformed = new ByteArrayContent([0x0a, 0xff, 0xff]);
        malformed.Headers.ContentType = MediaTypeHeaderValue.Parse("application/x-protobuf");

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await host.Http.PostAsync(new Uri(host.DashboardUrl, "v1/traces"), json)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await host.Http.PostAsync(new Uri(host.DashboardUrl, "v1/traces"), malformed)).StatusCode);
    }
}
