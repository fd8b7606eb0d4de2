using XcAspire.Testing;

namespace XcAspire.AppHost.Tests;

/// <summary>
/// One AppHost (two silos and the API) on an empty database of the test cluster, shared by the
/// tests of the "running system" collection: starting the whole system once keeps the suite short.
/// </summary>
public sealed class RunningSystemFixture : IAsyncLifetime
{
    /// <summary>What a user might give `./xc run`; every service must see it.</summary>
    public static readonly IReadOnlyDictionary<string, string> UserEnvironment = new Dictionary<string, string>
    {
        ["OTEL_RESOURCE_ATTRIBUTES"] = "deployment.environment=apphost-test",
        ["XC_APPHOST_TEST_PROBE"] = "passed-through",
    };

    private TestDatabase? database;

    private Task<string>? sampleImport;

    public AppHostProcess Host { get; private set; } = null!;

    /// <summary>The job id of the sample meet's import, run on first use (see <see cref="SampleImport"/>).</summary>
    public Task<string> SampleImportJobAsync() => sampleImport ??= SampleImport.RunAsync(Host);

    public async Task InitializeAsync()
    {
        // Empty, not migrated: the services apply the migrations themselves, as in a real first run.
        database = await TestPostgres.CreateEmptyAsync();
        Host = await AppHostProcess.StartHealthyAsync(new AppHostStartOptions
        {
            ConnectionString = database.ConnectionString,
            Environment = UserEnvironment,
        });
    }

    public async Task DisposeAsync()
    {
        if (Host is not null)
        {
            await Host.DisposeAsync();
        }

        if (database is not null)
        {
            await database.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class RunningSystemCollection : ICollectionFixture<RunningSystemFixture>
{
    public const string Name = "running system";
}
