using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace XcAspire.AppHost.Dashboard;

/// <summary>The dashboard's web server on 127.0.0.1: the pages, their JSON and the OTLP/HTTP receiver.</summary>
internal sealed class DashboardServer(WebApplication app) : IAsyncDisposable
{
    public static async Task<DashboardServer> StartAsync(int port, DashboardState state)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.WebHost.UseKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, port);
            // A batch of spans from a busy import can be large; the SDK's default cap is far below this.
            kestrel.Limits.MaxRequestBodySize = OtlpEndpoints.MaxBodyBytes;
        });
        // The AppHost's console is for the services' output; the dashboard speaks only when something is wrong.
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton(state);
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.CamelCase);

        var app = builder.Build();
        app.MapDashboardPages();
        app.MapResourceEndpoints();
        app.MapTelemetryEndpoints();
        app.MapOtlpEndpoints();
        try
        {
            await app.StartAsync();
        }
        catch (IOException e)
        {
            await app.DisposeAsync();
            throw new InvalidOperationException($"The dashboard cannot listen on 127.0.0.1:{port} ({e.Message}). Set XC_DASHBOARD_PORT to another port.", e);
        }

        return new DashboardServer(app);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
