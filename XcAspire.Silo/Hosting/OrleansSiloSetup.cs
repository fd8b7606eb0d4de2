using System.Globalization;
using System.Net;
using Orleans.Configuration;
using Orleans.Storage;
using XcAspire.ServiceDefaults.Database;
using XcAspire.Silo.Grains;
using XcAspire.Silo.Grains.Contracts;
using XcAspire.Silo.Steps;

namespace XcAspire.Silo.Hosting;

/// <summary>
/// An XcAspire silo: Orleans with ADO.NET clustering, grain storage and reminders in the xcdb database
/// (the providers' tables are migration 0010), the product's steps, and membership tuned so a dead or
/// hung silo of a small cluster is declared dead in seconds.
/// </summary>
public static class OrleansSiloSetup
{
    public const string Invariant = "Npgsql";

    /// <summary>How long a membership probe waits for its answer (see <c>TuneMembership</c>).</summary>
    public static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(2);

    /// <summary>Missed probes after which a silo is suspected (see <c>TuneMembership</c>).</summary>
    public const int NumMissedProbesLimit = 3;

    /// <summary>The silo's services besides Orleans: its options, limits, step commits and read model.</summary>
    public static IServiceCollection AddXcSiloServices(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddXcGrainSteps(configuration);
        services.AddOptions<SiloWorkOptions>().Bind(configuration.GetSection("Silo"));
        services.AddSingleton<WorkSlots>();
        services.AddSingleton<ImportConnections>();
        services.AddSingleton<StepCommits>();
        services.AddSingleton<JobTables>();
        services.AddSingleton<SeasonTables>();
        services.AddSingleton<SeasonMeets>();
        services.AddSingleton<EarlierJobs>();
        // Grain state is stored with Orleans' own serializer: types and members are pinned by [Alias] and
        // [Id], so a rename never orphans stored state (the default JSON serializer stores CLR type names).
        services.AddSingleton<IGrainStorageSerializer, OrleansGrainStorageSerializer>();
        return services;
    }

    /// <summary>Orleans' side of a production silo, from configuration: providers, cluster ids, endpoints, tuning.</summary>
    public static ISiloBuilder ConfigureXcSilo(this ISiloBuilder silo, IConfiguration configuration)
    {
        silo.AddXcProviders(configuration).TuneXcCluster(configuration);
        silo.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = configuration["Orleans:ClusterId"] ?? OrleansNames.DefaultClusterId;
            // Grain state and reminders are keyed by the service id: it must stay the same across restarts.
            o.ServiceId = configuration["Orleans:ServiceId"] ?? OrleansNames.DefaultServiceId;
        });
        silo.Configure<Orleans.Configuration.SiloOptions>(o => o.SiloName = configuration["Orleans:SiloName"] ?? configuration["XC_INSTANCE_ID"] ?? DefaultSiloName());
        var advertised = IPAddress.Parse(configuration["Orleans:Endpoints:AdvertisedIPAddress"] ?? "127.0.0.1");
        silo.ConfigureEndpoints(
            advertised,
            Port(configuration, "Orleans:Endpoints:SiloPort", 11111),
            Port(configuration, "Orleans:Endpoints:GatewayPort", 30000),
            listenOnAnyHostAddress: configuration.GetValue("Orleans:Endpoints:ListenOnAnyHostAddress", false));
        return silo;
    }

    /// <summary>Clustering, grain storage and reminders on ADO.NET, in the xcdb database.</summary>
    public static ISiloBuilder AddXcProviders(this ISiloBuilder silo, IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString(DatabaseServiceCollectionExtensions.ConnectionName)
            ?? throw new InvalidOperationException(
                $"No database configured: set ConnectionStrings:{DatabaseServiceCollectionExtensions.ConnectionName}.");
        silo.UseAdoNetClustering(o =>
        {
            o.Invariant = Invariant;
            o.ConnectionString = connectionString;
        });
        silo.AddAdoNetGrainStorage(GrainStorage.Name, o =>
        {
            o.Invariant = Invariant;
            o.ConnectionString = connectionString;
        });
        silo.UseAdoNetReminderService(o =>
        {
            o.Invariant = Invariant;
            o.ConnectionString = connectionString;
        });
        return silo;
    }

    /// <summary>Reminders as frequent as the resume period needs, membership for a small cluster, trace context on grain calls.</summary>
    public static ISiloBuilder TuneXcCluster(this ISiloBuilder silo, IConfiguration configuration)
    {
        silo.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = TimeSpan.FromSeconds(1));
        silo.Configure<ClusterMembershipOptions>(o => TuneMembership(o, configuration));
        silo.AddActivityPropagation();
        return silo;
    }

    /// <summary>
    /// Small clusters on one or two machines: probe every 2 s, three missed probes and one vote declare a
    /// silo dead (about 6 s after it stops answering); a silo stopped with SIGSTOP keeps its connections
    /// open, so the connection check that would keep it alive for a minute is off. Section
    /// <c>Orleans:Membership</c> overrides any of these.
    /// </summary>
    private static void TuneMembership(ClusterMembershipOptions o, IConfiguration configuration)
    {
        o.ProbeTimeout = ProbeTimeout;
        o.NumMissedProbesLimit = NumMissedProbesLimit;
        o.NumVotesForDeathDeclaration = 1;
        o.EnableConnectionLivenessCheck = false;
        o.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(10);
        o.TableRefreshTimeout = TimeSpan.FromSeconds(5);
        o.DefunctSiloExpiration = TimeSpan.FromDays(1);
        configuration.GetSection("Orleans:Membership").Bind(o);
    }

    private static int Port(IConfiguration configuration, string key, int fallback) =>
        configuration[key] is { Length: > 0 } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

    private static string DefaultSiloName() => $"{Environment.MachineName}-{Environment.ProcessId}";
}
