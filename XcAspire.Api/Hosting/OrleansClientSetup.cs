using Orleans.Configuration;
using Orleans.Dashboard;
using XcAspire.ServiceDefaults.Database;
using XcAspire.Silo.Grains.Contracts;

namespace XcAspire.Api.Hosting;

/// <summary>
/// The API as an Orleans client: it finds the silos' gateways in the ADO.NET membership table of the
/// xcdb database, with the cluster's ids from configuration (the same defaults as the silos).
/// </summary>
public static partial class OrleansClientSetup
{
    public static WebApplicationBuilder AddXcOrleansClient(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var servicesBefore = builder.Services.Where(d => d.ServiceType == typeof(IHostedService)).ToHashSet();
        builder.UseOrleansClient(client =>
        {
            var connectionString = configuration.GetConnectionString(DatabaseServiceCollectionExtensions.ConnectionName)
                ?? throw new InvalidOperationException(
                    $"No database configured: set ConnectionStrings:{DatabaseServiceCollectionExtensions.ConnectionName}.");
            client.UseAdoNetClustering(o =>
            {
                o.Invariant = "Npgsql";
                o.ConnectionString = connectionString;
            });
            client.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = configuration["Orleans:ClusterId"] ?? OrleansNames.DefaultClusterId;
                o.ServiceId = configuration["Orleans:ServiceId"] ?? OrleansNames.DefaultServiceId;
            });
            // A gateway that died drops out of the list within seconds, not the default minute.
            client.Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = TimeSpan.FromSeconds(2));
            // A command to a grain whose silo died fails within 15 s (503, try again), not the default 30.
            client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(15));
            client.UseConnectionRetryFilter<SilosNotUpYet>();
            client.AddActivityPropagation();
            client.AddDashboard();
        });

        // The client connects in the background instead of holding up the API's start: reads that need no
        // grain (job lists, reports, review queues, health) answer while the silos start or restart.
        var clientServices = builder.Services.Where(d => d.ServiceType == typeof(IHostedService) && !servicesBefore.Contains(d)).ToList();
        foreach (var descriptor in clientServices)
        {
            builder.Services.Remove(descriptor);
        }

        builder.Services.AddSingleton(new OrleansClientConnection.Services(clientServices));
        builder.Services.AddSingleton<OrleansClientConnection>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<OrleansClientConnection>());
        builder.Services.AddHealthChecks().AddCheck<SilosReachableHealthCheck>("silos", tags: ["ready"]);
        return builder;
    }

    /// <summary>
    /// Started before any silo has joined (or while all restart), the client keeps trying; the API's
    /// health stays unhealthy meanwhile, and a stop request ends the wait.
    /// </summary>
    private sealed partial class SilosNotUpYet(ILogger<SilosNotUpYet> logger) : IClientConnectionRetryFilter
    {
        private int _attempts;

        public async Task<bool> ShouldRetryConnectionAttempt(Exception exception, CancellationToken cancellationToken)
        {
            var attempt = Interlocked.Increment(ref _attempts);
            if (attempt % 10 == 1)
            {
                LogWaiting(attempt, exception.Message);
            }

            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            return !cancellationToken.IsCancellationRequested;
        }

        [LoggerMessage(Level = LogLevel.Warning, Message = "No silo answered yet (attempt {Attempt}: {Reason}); the API keeps trying")]
        private partial void LogWaiting(int attempt, string reason);
    }
}
