using Microsoft.Extensions.Configuration;
using Orleans.TestingHost;
using XcAspire.Silo.Steps;

namespace XcAspire.Testing.Orleans;

/// <summary>How a test's cluster is built.</summary>
public sealed record GrainClusterOptions
{
    /// <summary>Steps for in-process silos; null runs the product's own steps.</summary>
    public GrainSteps? Steps { get; init; }

    /// <summary>
    /// Silos in processes of their own, so killing one is a crash (Orleans' in-process kill is a graceful
    /// stop). Real TCP between them and to the client.
    /// </summary>
    public bool OutOfProcess { get; init; }

    /// <summary>Over TCP even in process: an outside client (the API under test) connects to the gateways.</summary>
    public bool Tcp { get; init; }

    /// <summary>Settings for the silos and the client, over <see cref="TestSiloSettings.Defaults"/>.</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; init; } = new Dictionary<string, string?>();
}

/// <summary>
/// An Orleans test cluster (Microsoft.Orleans.TestingHost) on a test database with the ADO.NET providers:
/// real membership, grain storage and reminders in PostgreSQL, as production silos use them.
/// </summary>
public sealed class GrainCluster : IAsyncDisposable
{
    private readonly string? _stepsKey;

    private GrainCluster(TestCluster cluster, string? stepsKey, IReadOnlyDictionary<string, string?> settings)
    {
        Cluster = cluster;
        _stepsKey = stepsKey;
        Settings = settings;
    }

    public TestCluster Cluster { get; }

    public IGrainFactory Grains => Cluster.Client;

    /// <summary>What an outside client of this cluster needs: its database and its ids.</summary>
    public IReadOnlyDictionary<string, string?> ClientSettings => new Dictionary<string, string?>
    {
        ["ConnectionStrings:xcdb"] = Settings["ConnectionStrings:xcdb"],
        ["Orleans:ClusterId"] = Cluster.Options.ClusterId,
        ["Orleans:ServiceId"] = Cluster.Options.ServiceId,
    };

    public IReadOnlyDictionary<string, string?> Settings { get; }

    public IReadOnlyList<SiloHandle> Silos => Cluster.Silos;

    public static async Task<GrainCluster> StartAsync(TestDatabase database, int silos, GrainClusterOptions? options = null)
    {
        options ??= new GrainClusterOptions();
        var settings = TestSiloSettings.Defaults();
        settings["ConnectionStrings:xcdb"] = database.ConnectionString;
        foreach (var (key, value) in options.Settings)
        {
            settings[key] = value;
        }

        var stepsKey = options.Steps is { } steps ? TestSteps.Register(steps) : null;
        if (stepsKey is not null)
        {
            settings[TestSteps.SettingKey] = stepsKey;
        }

        var builder = new TestClusterBuilder((short)silos);
        builder.Options.UseTestClusterMembership = false;
        // Logs go through the test's own logging; the file logger would write logs/ into the working directory.
        builder.Options.ConfigureFileLogging = false;
        builder.Options.ServiceId = "xc-test-" + Guid.NewGuid().ToString("N")[..8];
        builder.ConfigureHostConfiguration(c => c.AddInMemoryCollection(settings));
        builder.AddSiloBuilderConfigurator<XcSiloConfigurator>();
        builder.AddClientBuilderConfigurator<XcClientConfigurator>();
        // TestClusterBuilder adds an experimental distributed grain directory (a 30 s range lease after a
        // crash) that production silos do not use.
        builder.Options.SiloBuilderConfiguratorTypes.RemoveAll(t => t is not null && t.StartsWith("Orleans.TestingHost.ConfigureDistributedGrainDirectory", StringComparison.Ordinal));
        if (options.OutOfProcess || options.Tcp)
        {
            builder.Options.ConnectionTransport = ConnectionTransportType.TcpSocket;
        }

        if (options.OutOfProcess)
        {
            // The test silo's executable by its full path (CreateForAssembly looks for it relative to the
            // working directory, which is not the output folder when a benchmark runs from the repository).
            builder.CreateSiloAsync = StandaloneSiloHandle.CreateDelegate(Path.Combine(AppContext.BaseDirectory, "XcAspire.TestSilo"));
        }

        var cluster = builder.Build();
        await cluster.DeployAsync();
        return new GrainCluster(cluster, stepsKey, settings);
    }

    public Task<SiloHandle> StartSiloAsync() => Cluster.StartAdditionalSiloAsync();

    /// <summary>In process a graceful stop; out of process a kill (the process gets SIGKILL).</summary>
    public Task KillAsync(SiloHandle silo) => Cluster.KillSiloAsync(silo);

    public Task StopAsync(SiloHandle silo) => Cluster.StopSiloAsync(silo);

    /// <summary>
    /// The process of a silo started out of process (TestingHost keeps it private), so a test can stop it
    /// the way a hung machine would (SIGSTOP).
    /// </summary>
    public static System.Diagnostics.Process ProcessOf(SiloHandle silo) =>
        typeof(StandaloneSiloHandle).GetProperty("Process", System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic)
            ?.GetValue(silo) as System.Diagnostics.Process
        ?? throw new InvalidOperationException($"Silo {silo.Name} does not run in a process of its own.");

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Cluster.StopAllSilosAsync();
        }
        finally
        {
            await Cluster.DisposeAsync();
            if (_stepsKey is not null)
            {
                TestSteps.Forget(_stepsKey);
            }
        }
    }
}
