namespace XcAspire.AppHost.Tests;

/// <summary>
/// One AppHost (its own PostgreSQL cluster, two silos, the API, the sample source, the dashboard)
/// shared by the tests of the "running system" collection: starting the whole system once keeps
/// the suite short. A test may restart it (same state directory and ports, as a second `./xc run`).
/// </summary>
public sealed class RunningSystemFixture : IAsyncLifetime
{
    public SystemSettings Settings { get; } = SystemSettings.New();

    public RunningAppHost Host { get; private set; } = null!;

    public async Task InitializeAsync() => Host = await RunningAppHost.StartAsync(Settings);

    /// <summary>Stops the AppHost, lets the test look at what is left, and starts it again on the same data.</summary>
    public async Task RestartAsync(Action afterStop)
    {
        await Host.DisposeAsync();
        Host = null!;
        afterStop();
        Host = await RunningAppHost.StartAsync(Settings);
    }

    public async Task DisposeAsync()
    {
        if (Host is not null)
        {
            await Host.DisposeAsync();
        }

        Directory.Delete(Settings.StateDirectory, recursive: true);
    }
}

[CollectionDefinition(Name)]
public sealed class RunningSystemCollection : ICollectionFixture<RunningSystemFixture>
{
    public const string Name = "running system";
}
