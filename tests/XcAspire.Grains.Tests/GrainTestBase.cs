using System.Globalization;
using XcAspire.Silo.Grains.Contracts;
using XcAspire.Testing;
using XcAspire.Testing.Orleans;

namespace XcAspire.Grains.Tests;

/// <summary>A fresh migrated database with the recording tables, Orleans test clusters on it, and helpers to start jobs and wait.</summary>
public abstract class GrainTestBase : IAsyncLifetime
{
    protected static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    protected TestDatabase Database { get; private set; } = null!;

    protected RecordingSteps Recorder { get; } = new();

    public async Task InitializeAsync()
    {
        Database = await TestPostgres.CreateMigratedAsync();
        await RecordingSteps.CreateTablesAsync(Database);
    }

    public async Task DisposeAsync() => await Database.DisposeAsync();

    /// <summary>In-process silos running <see cref="Recorder"/>'s steps; <paramref name="settings"/> are <c>Silo:…</c> and other overrides.</summary>
    protected Task<GrainCluster> StartClusterAsync(int silos, params (string Key, object Value)[] settings) =>
        GrainCluster.StartAsync(Database, silos, new GrainClusterOptions { Steps = Recorder.Steps, Settings = Settings(settings) });

    /// <summary>Silos in processes of their own running recording steps that each take <paramref name="stepDelay"/>.</summary>
    protected Task<GrainCluster> StartCrashableClusterAsync(int silos, TimeSpan stepDelay, params (string Key, object Value)[] settings)
    {
        var all = Settings(settings);
        all["Test:RecordingSteps"] = "true";
        all["Test:RecordingStepDelayMs"] = ((int)stepDelay.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
        return GrainCluster.StartAsync(Database, silos, new GrainClusterOptions { OutOfProcess = true, Settings = all });
    }

    protected static StartScrapeRequest Races(int count, bool autoImport = true, int firstRaceId = 1000) =>
        new(Enumerable.Range(firstRaceId, count).Select(i => new RaceToRun(i.ToString(CultureInfo.InvariantCulture), $"Race {i}")).ToList(),
            autoImport,
            null);

    protected static async Task<MeetGrainState> WaitForStatusAsync(GrainCluster cluster, string meetId, params JobStatus[] statuses)
    {
        MeetGrainState? state = null;
        await Eventually.WaitAsync(
            async () =>
            {
                try
                {
                    state = await cluster.Grains.GetMeetGrain(meetId).GetStateAsync().WaitAsync(TimeSpan.FromSeconds(5));
                }
                catch (Exception e) when (GrainCallFailures.SiloAway(e))
                {
                    return false; // the grain's silo was just killed; the next call reaches its new activation
                }

                return state is not null && statuses.Contains(state.Status);
            },
            Timeout,
            $"meet {meetId} to reach {string.Join(" or ", statuses)} (last: {state?.Status}, {state?.Message})");
        return state!;
    }

    protected Task<long> CountAsync(string sql) => Database.ScalarAsync<long>(sql);

    private static Dictionary<string, string?> Settings((string Key, object Value)[] settings) =>
        settings.ToDictionary(s => s.Key, s => (string?)Convert.ToString(s.Value, CultureInfo.InvariantCulture));
}
