using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.TestingHost;
using XcAspire.ServiceDefaults.Database;
using XcAspire.Silo.Hosting;
using XcAspire.Silo.Steps;

namespace XcAspire.Testing.Orleans;

/// <summary>
/// A test cluster's silo as production builds it (providers on the test database, tuning, the silo's
/// services) minus the endpoints and ids, which the test cluster assigns. Its steps are the product's,
/// a test's registered ones (<see cref="TestSteps"/>), or recording steps (<c>Test:RecordingSteps</c>,
/// for silos in another process).
/// </summary>
public sealed class XcSiloConfigurator : ISiloConfigurator
{
    public void Configure(ISiloBuilder silo)
    {
        var configuration = silo.Configuration;
        silo.Services.AddSingleton(TimeProvider.System);
        silo.Services.AddXcDatabase(configuration);
        silo.Services.AddXcSiloServices(configuration);
        if (configuration[TestSteps.SettingKey] is { Length: > 0 } key)
        {
            silo.Services.AddSingleton(TestSteps.Get(key));
        }
        else if (configuration.GetValue("Test:RecordingSteps", false))
        {
            var delay = TimeSpan.FromMilliseconds(configuration.GetValue("Test:RecordingStepDelayMs", 0));
            silo.Services.AddSingleton(new RecordingSteps { BeforeRace = (_, _, ct) => Task.Delay(delay, ct) }.Steps);
        }

        silo.AddXcProviders(configuration).TuneXcCluster(configuration);
    }
}

/// <summary>The test cluster's client: gateways from the ADO.NET membership table, refreshed every second.</summary>
public sealed class XcClientConfigurator : IClientBuilderConfigurator
{
    public void Configure(IConfiguration configuration, IClientBuilder client)
    {
        client.UseAdoNetClustering(o =>
        {
            o.Invariant = OrleansSiloSetup.Invariant;
            o.ConnectionString = configuration.GetConnectionString(DatabaseServiceCollectionExtensions.ConnectionName);
        });
        client.Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = TimeSpan.FromSeconds(1));
    }
}

/// <summary>Settings every test silo gets: quick retries, a short resume period, fast failure detection.</summary>
public static class TestSiloSettings
{
    public static Dictionary<string, string?> Defaults() => new()
    {
        ["Silo:MaxBackoff"] = "00:00:00.100",
        ["Silo:ResumePeriod"] = "00:00:02",
        ["Silo:WatchdogPeriod"] = "00:00:00.500",
        ["Silo:RetentionInterval"] = "1.00:00:00",
        ["Orleans:Membership:ProbeTimeout"] = "00:00:01",
        ["Orleans:Membership:NumMissedProbesLimit"] = "2",
        ["Logging:LogLevel:Default"] = "Warning",
        ["Logging:LogLevel:Orleans"] = "Warning",
        ["Test:RecordingStepDelayMs"] = 0.ToString(CultureInfo.InvariantCulture),
    };
}
