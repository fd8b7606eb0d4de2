using XcAspire.Silo.Grains.Contracts;
using XcAspire.Testing;

namespace XcAspire.Grains.Tests;

/// <summary>A fresh migrated database with the recording tables, and helpers to start jobs and wait.</summary>
public abstract class GrainTestBase : IAsyncLifetime
{
    protected static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    protected TestDatabase Database { get; private set; } = null!;

    protected RecordingSteps Recorder { get; } = new();

    public async Task InitializeAsync()
    {
        Database = await TestPostgres.CreateMigratedAsync();
        await RecordingSteps.CreateTablesAsync(Database);
    }

    public async Task DisposeAsync() => await Database.DisposeAsync();

    protected Task<TestCluster> StartClusterAsync(int silos, Action<XcAspire.Silo.Grains.Runtime.SiloOptions>? configure = null) =>
        TestCluster.StartAsync(Database, silos, Recorder.Steps, configure);

    protected static StartScrapeRequest Races(int count, bool autoImport = true, int firstRaceId = 1000) =>
        new(Enumerable.Range(firstRaceId, count).Select(i => new RaceToRun(i.ToString(System.Globalization.CultureInfo.InvariantCulture), $"Race {i}")).ToList(),
            autoImport,
            null);

    protected static async Task<MeetGrainState> WaitForStatusAsync(TestCluster cluster, string meetId, params JobStatus[] statuses)
    {
        MeetGrainState? state = null;
        await Eventually.WaitAsync(
            async () =>
            {
                state = await cluster.Grains.GetMeetGrain(meetId).GetStateAsync();
                return state is not null && statuses.Contains(state.Status);
            },
            Timeout,
            $"meet {meetId} to reach {string.Join(" or ", statuses)} (last: {state?.Status}, {state?.Message})");
        return state!;
    }

    protected Task<long> CountAsync(string sql) => Database.ScalarAsync<long>(sql);
}
