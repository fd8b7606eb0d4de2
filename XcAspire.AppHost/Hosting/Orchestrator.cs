using System.Collections;
using System.Runtime.InteropServices;
using XcAspire.AppHost.Dashboard;
using XcAspire.AppHost.Resources;

namespace XcAspire.AppHost.Hosting;

/// <summary>
/// Starts the dashboard, PostgreSQL and the services stage by stage, waiting for each stage to be
/// healthy, and stops them all on Ctrl+C/SIGTERM/SIGHUP.
/// </summary>
internal sealed class Orchestrator(AppHostOptions options)
{
    // Generous: on a loaded 2-core machine the first start (JIT, migrations) of every service at once is slow.
    private static readonly TimeSpan HealthTimeout = TimeSpan.FromMinutes(3);

    public async Task<int> RunAsync()
    {
        using var instance = InstanceLock.TryAcquire(options.StateDirectory);
        if (instance is null)
        {
            Log.Error($"XcAspire is already running from {options.RepositoryRoot} (another ./xc run holds {options.StateDirectory}/apphost.lock). Use that one, or stop it first.");
            return 1;
        }

        using var stopping = new CancellationTokenSource();
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        // A closed terminal stops everything just as cleanly.
        using var sighup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, Stop);

        var dashboardUrl = new Uri($"http://127.0.0.1:{options.DashboardPort}");
        var apiUrl = new Uri($"http://127.0.0.1:{options.ApiPort}");
        var catalog = new ResourceCatalog(stopping.Token);
        var links = new DashboardLinks(apiUrl.ToString(), new Uri(apiUrl, "/admin/import-meet").ToString(), new Uri(apiUrl, "/scalar").ToString());
        var postgres = new PostgresResource(options.RepositoryRoot, options.ClusterDirectory, options.PostgresPort, options.ExternalConnectionString);
        catalog.Add(postgres);
        var services = new List<ServiceProcess>();
        DashboardServer? dashboard = null;
        try
        {
            // First, so that the services' telemetry has somewhere to go from their first span.
            dashboard = await DashboardServer.StartAsync(options.DashboardPort, new DashboardState(catalog, links, TimeProvider.System));
            Log.Info($"[apphost] dashboard {dashboardUrl}");
            Log.Info($"[apphost] starting {postgres.Description}");
            await postgres.StartAsync(stopping.Token);
            Directory.CreateDirectory(options.DataRoot);

            var model = SystemModel.Create(options, postgres.ConnectionString, dashboardUrl, UserEnvironment());
            Log.Info($"[apphost] telemetry: {OtlpDefaults.Describe(model)}");
            foreach (var definition in model.Services)
            {
                var service = new ServiceProcess(definition, definition.AssemblyPath(options.RepositoryRoot, options.BuildConfiguration), model.EnvironmentFor(definition));
                services.Add(service);
                catalog.Add(service);
            }

            if (!await StartStagesAsync(model, services, stopping.Token))
            {
                return stopping.IsCancellationRequested ? 0 : 1;
            }

            PrintReady(services, dashboardUrl, links, postgres);
            await Task.Delay(Timeout.Infinite, stopping.Token).ContinueWith(_ => { }, TaskScheduler.Default);
            return 0;
        }
        catch (Exception ex) when (ex is InvalidOperationException or FileNotFoundException)
        {
            Log.Error("[apphost] " + ex.Message);
            return 1;
        }
        finally
        {
            Log.Info("[apphost] stopping");
            // Stages in reverse (the API and silos before what they depend on), then the database.
            foreach (var service in Enumerable.Reverse(services))
            {
                await service.StopAsync();
            }

            await postgres.StopAsync();
            if (dashboard is not null)
            {
                await dashboard.DisposeAsync();
            }

            Log.Info("[apphost] stopped");
        }

        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            stopping.Cancel();
        }
    }

    private static async Task<bool> StartStagesAsync(SystemModel model, List<ServiceProcess> services, CancellationToken stopping)
    {
        foreach (var stage in model.Stages)
        {
            var started = services.Where(s => stage.Contains(s.Definition)).ToList();
            foreach (var service in started)
            {
                service.Start(stopping);
            }

            foreach (var service in started)
            {
                if (!await service.WaitHealthyAsync(HealthTimeout, stopping))
                {
                    if (!stopping.IsCancellationRequested)
                    {
                        Log.Error($"[apphost] {service.Name} did not become healthy at {new Uri(service.Definition.Url, service.Definition.HealthPath)} within {HealthTimeout.TotalSeconds} s; see its log above.");
                    }

                    return false;
                }
            }
        }

        return true;
    }

    private static Dictionary<string, string?> UserEnvironment() =>
        Environment.GetEnvironmentVariables().Cast<DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => e.Value as string, StringComparer.Ordinal);

    private void PrintReady(List<ServiceProcess> services, Uri dashboardUrl, DashboardLinks links, PostgresResource postgres)
    {
        Log.Info(string.Empty);
        Log.Info("XcAspire is running. Ctrl+C stops everything.");
        Log.Info($"  Dashboard    {dashboardUrl}");
        Log.Info($"  API          {links.Api}   (health: {links.Api}health)");
        Log.Info($"  Admin UI     {links.AdminUi}");
        Log.Info($"  Scalar       {links.ApiReference}");
        foreach (var service in services.Where(s => s.Definition.Kind != "api"))
        {
            Log.Info($"  {service.Name,-12} {service.Definition.Url}   (pid {service.ProcessId})");
        }

        Log.Info($"  PostgreSQL   {(postgres.IsExternal ? "ConnectionStrings__xcdb" : $"127.0.0.1:{options.PostgresPort} ({options.ClusterDirectory})")}");
        Log.Info($"  Data root    {options.DataRoot}");
        Log.Info(options.SampleSourcePort is null
            ? $"  Source       {Environment.GetEnvironmentVariable("Source__BaseUrl") ?? Environment.GetEnvironmentVariable("XC_SOURCE_URL") ?? "https://www.athletic.net"}"
            : "  Source       the sample source: meets 900001, 900002, 900003, 910001, 920084 (84 races); XC_SAMPLE_SOURCE=off for Athletic.net");
        Log.Info($"  Admin token  {options.AdminToken}{(options.AdminTokenGenerated ? "   (generated; set XC_ADMIN_TOKEN to choose one)" : "   (from XC_ADMIN_TOKEN)")}");
        Log.Info(string.Empty);
    }
}
