using System.Globalization;
using System.Runtime.InteropServices;
using XcAspire.AppHost.Resources;

namespace XcAspire.AppHost.Hosting;

/// <summary>Starts PostgreSQL, the silos and the API in order, waits for each to be healthy, and stops them all on Ctrl+C/SIGTERM.</summary>
internal sealed class Orchestrator(AppHostOptions options)
{
    private static readonly TimeSpan HealthTimeout = TimeSpan.FromSeconds(90);

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

        var postgres = new PostgresResource(options.RepositoryRoot, options.ClusterDirectory, options.PostgresPort, options.ExternalConnectionString);
        var services = new List<(ServiceProcess Process, Uri Url)>();
        try
        {
            Log.Info($"[apphost] starting {postgres.Description}");
            await postgres.StartAsync(stopping.Token);
            Directory.CreateDirectory(options.DataRoot);

            for (var i = 1; i <= options.Silos; i++)
            {
                var url = new Uri($"http://127.0.0.1:{FreePort.Next()}");
                services.Add((Service($"silo-{i}", "XcAspire.Silo", url, postgres.ConnectionString), url));
            }

            var apiUrl = new Uri($"http://127.0.0.1:{options.ApiPort}");
            services.Add((Service("api", "XcAspire.Api", apiUrl, postgres.ConnectionString), apiUrl));

            foreach (var (process, _) in services)
            {
                process.Start(stopping.Token);
            }

            foreach (var (process, url) in services)
            {
                if (!await HealthWaiter.WaitHealthyAsync(url, HealthTimeout, stopping.Token))
                {
                    if (stopping.IsCancellationRequested)
                    {
                        break;
                    }

                    Log.Error($"[apphost] {process.Name} did not become healthy at {url}health within {HealthTimeout.TotalSeconds} s; see its log above.");
                    return 1;
                }
            }

            if (!stopping.IsCancellationRequested)
            {
                PrintReady(services, apiUrl, postgres);
                await Task.Delay(Timeout.Infinite, stopping.Token).ContinueWith(_ => { }, TaskScheduler.Default);
            }

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
            // The API first (it takes requests), then the silos, then the database they use.
            foreach (var (process, _) in Enumerable.Reverse(services))
            {
                await process.StopAsync();
            }

            await postgres.StopAsync();
            Log.Info("[apphost] stopped");
        }

        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            stopping.Cancel();
        }
    }

    private ServiceProcess Service(string name, string project, Uri url, string connectionString)
    {
        var assembly = Path.Combine(options.RepositoryRoot, project, "bin", options.BuildConfiguration, "net10.0", project + ".dll");
        var environment = new Dictionary<string, string>
        {
            ["ConnectionStrings__xcdb"] = connectionString,
            ["ASPNETCORE_URLS"] = url.ToString().TrimEnd('/'),
            ["ASPNETCORE_ENVIRONMENT"] = Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT") ?? "Development",
            ["XC_ADMIN_TOKEN"] = options.AdminToken,
            ["XC_DATA_ROOT"] = options.DataRoot,
            ["XC_INSTANCE_ID"] = name,
            ["XC_PARENT_PID"] = Environment.ProcessId.ToString(CultureInfo.InvariantCulture),
            ["OTEL_SERVICE_NAME"] = project == "XcAspire.Api" ? "api" : "silo",
        };
        return new ServiceProcess(name, assembly, environment);
    }

    private void PrintReady(List<(ServiceProcess Process, Uri Url)> services, Uri apiUrl, PostgresResource postgres)
    {
        Log.Info(string.Empty);
        Log.Info("XcAspire is running. Ctrl+C stops everything.");
        Log.Info($"  API          {apiUrl}   (health: {apiUrl}health)");
        foreach (var (process, url) in services.Where(s => s.Process.Name.StartsWith("silo", StringComparison.Ordinal)))
        {
            Log.Info($"  {process.Name,-12} {url}   (pid {process.ProcessId})");
        }

        Log.Info($"  PostgreSQL   {(postgres.IsExternal ? "ConnectionStrings__xcdb" : $"127.0.0.1:{options.PostgresPort} ({options.ClusterDirectory})")}");
        Log.Info($"  Data root    {options.DataRoot}");
        Log.Info($"  Admin token  {options.AdminToken}{(options.AdminTokenGenerated ? "   (generated; set XC_ADMIN_TOKEN to choose one)" : "   (from XC_ADMIN_TOKEN)")}");
        Log.Info(string.Empty);
    }
}
