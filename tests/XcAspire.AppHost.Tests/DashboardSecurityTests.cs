using System.Net;
using System.Net.Http.Headers;

namespace XcAspire.AppHost.Tests;

/// <summary>
/// The dashboard shows console output, SQL in traces and logs, and can stop resources: it answers
/// nothing without its browser token, whatever Host a page (DNS rebinding) sends, and its OTLP
/// endpoint takes no telemetry without the key the AppHost gave the services.
/// </summary>
[Collection(RunningSystemCollection.Name)]
public sealed class DashboardSecurityTests(RunningSystemFixture system)
{
    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("evil.example")]
    public async Task Pages_and_telemetry_need_the_browser_token(string host)
    {
        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = system.Host.DashboardUrl };

        using var page = await SendAsync(http, HttpMethod.Get, "/", host);
        using var traces = await SendAsync(http, HttpMethod.Get, "/api/telemetry/traces", host);
        using var resources = await SendAsync(http, HttpMethod.Get, "/api/telemetry/resources", host);

        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/login", page.Headers.Location?.PathAndQuery, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, traces.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, resources.StatusCode);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("evil.example")]
    public async Task Otlp_takes_nothing_without_the_key_the_services_were_given(string host)
    {
        using var http = new HttpClient { BaseAddress = system.Host.OtlpUrl };
        // What the AppHost gave every service: x-otlp-api-key=<key>.
        var header = system.Host.EnvironmentOf("api")["OTEL_EXPORTER_OTLP_HEADERS"]!.Split('=', 2);

        using var without = await PostEmptyTracesAsync(http, host, key: null);
        using var with = await PostEmptyTracesAsync(http, host, key: (header[0], header[1]));

        Assert.Equal(HttpStatusCode.Unauthorized, without.StatusCode);
        Assert.Equal(HttpStatusCode.OK, with.StatusCode);
    }

    private static async Task<HttpResponseMessage> PostEmptyTracesAsync(HttpClient http, string host, (string Name, string Value)? key)
    {
        // An empty body is a valid (empty) OTLP export request.
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/traces") { Content = new ByteArrayContent([]) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        request.Headers.Host = host;
        if (key is { } k)
        {
            request.Headers.Add(k.Name, k.Value);
        }

        return await http.SendAsync(request);
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient http, HttpMethod method, string path, string host)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Host = host;
        return await http.SendAsync(request);
    }
}
