using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using XcAspire.Silo.Grains;
using XcAspire.Silo.Grains.Contracts;
using XcAspire.Silo.Grains.Runtime;
using XcAspire.Silo.Grains.Steps;

namespace XcAspire.Testing;

/// <summary>
/// N silos hosted in the test process against one test database, with short leases and capped
/// backoff so failover takes seconds. Silos can be killed (nothing released, as a crash) and started.
/// </summary>
public sealed class TestCluster : IAsyncDisposable
{
    private readonly List<SiloRuntime> _silos = [];
    private readonly GrainSteps _steps;
    private readonly Action<SiloOptions>? _configure;
    private readonly ILogger _logger;
    private int _started;

    private TestCluster(TestDatabase database, GrainSteps steps, Action<SiloOptions>? configure, ILogger? logger)
    {
        Database = database;
        _steps = steps;
        _configure = configure;
        _logger = logger ?? NullLogger.Instance;
        Grains = new DbGrainFactory(database.DataSource);
    }

    public TestDatabase Database { get; }

    public IGrainFactory Grains { get; }

    /// <summary>The silos started and neither killed nor stopped.</summary>
    public IReadOnlyList<SiloRuntime> Silos
    {
        get
        {
            lock (_silos)
            {
                return _silos.ToList();
            }
        }
    }

    /// <summary>Short leases and a fast heartbeat; backoff capped so retries come quickly.</summary>
    public static SiloOptions TestOptions(string siloId) => new()
    {
        SiloId = siloId,
        LeaseDuration = TimeSpan.FromSeconds(2),
        HeartbeatInterval = TimeSpan.FromMilliseconds(400),
        DeadAfter = TimeSpan.FromSeconds(2),
        PollInterval = TimeSpan.FromMilliseconds(250),
        MaxConcurrentRaces = 4,
        MaxAttempts = 5,
        MaxBackoff = TimeSpan.FromMilliseconds(100),
        RetentionInterval = TimeSpan.FromDays(1),
    };

    public static async Task<TestCluster> StartAsync(
        TestDatabase database, int silos, GrainSteps steps, Action<SiloOptions>? configure = null, ILogger? logger = null)
    {
        var cluster = new TestCluster(database, steps, configure, logger);
        for (var i = 0; i < silos; i++)
        {
            await cluster.StartSiloAsync();
        }

        return cluster;
    }

    public async Task<SiloRuntime> StartSiloAsync(Action<SiloOptions>? configure = null)
    {
        var options = TestOptions($"test-silo-{Interlocked.Increment(ref _started)}");
        _configure?.Invoke(options);
        configure?.Invoke(options);
        var silo = new SiloRuntime(Database.DataSource, _steps, options, _logger);
        await silo.StartAsync(CancellationToken.None);
        lock (_silos)
        {
            _silos.Add(silo);
        }

        return silo;
    }

    /// <summary>Kills a silo abruptly: its leases stay in the database until they expire.</summary>
    public async Task KillAsync(SiloRuntime silo)
    {
        lock (_silos)
        {
            _silos.Remove(silo);
        }

        silo.Kill();
        await silo.WaitForRunningAsync();
    }

    /// <summary>Stops a silo gracefully: it releases its leases at once.</summary>
    public async Task StopAsync(SiloRuntime silo)
    {
        lock (_silos)
        {
            _silos.Remove(silo);
        }

        await silo.StopAsync(CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var silo in Silos)
        {
            silo.Kill();
            await silo.WaitForRunningAsync();
            await silo.DisposeAsync();
        }
    }
}
