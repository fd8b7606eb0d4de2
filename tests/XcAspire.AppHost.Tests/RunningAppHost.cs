using System.Net.Http.Headers;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;

namespace XcAspire.AppHost.Tests;

/// <summary>
/// The AppHost started as a whole through Aspire.Hosting.Testing (DCP, the dashboard, PostgreSQL,
/// the silos, the API and the sample source as real processes), with a test's settings.
/// </summary>
public sealed class RunningAppHost : IAsyncDisposable
{
    public static readonly string[] ResourceNames = ["postgres", "sample-source", "silo-1", "silo-2", "api"];

    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(4);

    private RunningAppHost(DistributedApplication app, SystemSettings settings, string? browserToken)
    {
        App = app;
        Settings = settings;
        BrowserToken = browserToken;
        Api = new HttpClient { BaseAddress = settings.ApiUrl, Timeout = TimeSpan.FromSeconds(60) };
        Api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", settings.AdminToken);
    }

    public DistributedApplication App { get; }

    public SystemSettings Settings { get; }

    /// <summary>The dashboard's login token, as `./xc run` prints it in the login address.</summary>
    public string? BrowserToken { get; }

    /// <summary>The API, with the admin token.</summary>
    public HttpClient Api { get; }

    public ResourceCommandService Commands => App.Services.GetRequiredService<ResourceCommandService>();

    public static async Task<RunningAppHost> StartAsync(SystemSettings settings)
    {
        using var timeout = new CancellationTokenSource(StartTimeout);
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.XcAspire_AppHost>(
            settings.Arguments(),
            (options, _) =>
            {
                // The dashboard is part of what is tested (the browser test, its token and key).
                options.DisableDashboard = false;
                options.AllowUnsecuredTransport = true;
            },
            timeout.Token);
        // A stopping service flushes its telemetry; 1 s bounds that wait when the dashboard is already gone.
        foreach (var project in builder.Resources.OfType<ProjectResource>().ToList())
        {
            builder.CreateResourceBuilder(project).WithEnvironment("OTEL_EXPORTER_OTLP_TIMEOUT", "1000");
        }

        var app = await builder.BuildAsync(timeout.Token);
        var running = new RunningAppHost(app, settings, builder.Configuration["AppHost:BrowserToken"]);
        try
        {
            await app.StartAsync(timeout.Token);
            await Task.WhenAll(ResourceNames.Select(name => app.ResourceNotifications.WaitForResourceHealthyAsync(name, timeout.Token)));
            return running;
        }
        catch
        {
            await running.DisposeAsync();
            throw;
        }
    }

    /// <summary>The process serving a resource's HTTP (or PostgreSQL's) port: the service itself, not the launcher DCP started it through.</summary>
    public int ProcessListeningOn(int port) => ProcessTools.ListeningProcess(port)
        ?? throw new InvalidOperationException($"Nothing listens on port {port}.");

    public int PortOf(string resource) => App.GetEndpoint(resource, "http").Port;

    /// <summary>The dashboard, where the testing builder put it.</summary>
    public Uri DashboardUrl => App.GetEndpoint(DashboardResource, "http");

    /// <summary>The dashboard's OTLP/HTTP endpoint.</summary>
    public Uri OtlpUrl => App.GetEndpoint(DashboardResource, "otlp-http");

    private const string DashboardResource = "aspire-dashboard";

    /// <summary>The environment the AppHost gave a resource.</summary>
    public IReadOnlyDictionary<string, string?> EnvironmentOf(string resource) =>
        App.ResourceNotifications.TryGetCurrentState(resource, out var state)
            ? state.Snapshot.EnvironmentVariables.Where(e => e.IsFromSpec).ToDictionary(e => e.Name, e => e.Value)
            : throw new InvalidOperationException($"No resource {resource}.");

    public async ValueTask DisposeAsync()
    {
        Api.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
