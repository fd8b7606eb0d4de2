using XcAspire.Silo.Grains.Contracts;
using XcAspire.Silo.MeetData;
using XcAspire.Silo.Sources.Sample;
using XcAspire.Testing;
using XcAspire.Testing.Orleans;

namespace XcAspire.Grains.Tests;

/// <summary>
/// A SeasonGrain coordinating MeetGrains on recording steps: the season's calendar and meets come from a
/// sample source, every race step only records itself, so what is checked is who starts what, once.
/// </summary>
public sealed class SeasonGrainTests : GrainTestBase, IAsyncLifetime
{
    private const string School = "7002";
    private const int Year = 2023;

    private readonly IReadOnlyList<MeetSnapshot> _meets = Meets();
    private SampleSource _source = null!;

    async Task IAsyncLifetime.InitializeAsync()
    {
        await InitializeAsync();
        _source = await SampleSource.StartAsync(new InMemorySampleMeetCatalog(_meets, [SampleSeasons.Calendar(SampleSeasons.School(School), Year, _meets)]));
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await _source.DisposeAsync();
        await DisposeAsync();
    }

    [Fact]
    public async Task A_season_joins_a_meet_s_running_job_and_starts_every_other_meet_with_results_once()
    {
        await using var cluster = await StartClusterAsync(2, SourceSettings());
        // Meet 2 already has a job that only scrapes (no autoImport): the season joins it and asks it to import.
        var joinedMeet = _meets[1].Meet.AthleticNetMeetId;
        var joined = await cluster.Grains.GetMeetGrain(joinedMeet).StartScrapeAsync(Races(2, autoImport: false));
        var season = cluster.Grains.GetSeasonGrain(School, Year);
        var started = await season.StartAsync(new StartSeasonRequest(Guid.NewGuid(), null, Reimport: false));

        await Assert.ThrowsAsync<ActiveSeasonJobConflictException>(() => season.StartAsync(new StartSeasonRequest(Guid.NewGuid(), null, false)));
        var state = await WaitForSeasonAsync(cluster, started.SeasonJobId, SeasonStatus.Complete);

        var meets = state.Meets.ToDictionary(m => m.MeetId);
        Assert.Equal(joined.JobId, meets[joinedMeet].JobId);
        Assert.True(meets[joinedMeet].Attached);
        Assert.All(_meets.Where(m => m.Results.Count > 0), m => Assert.Equal(SeasonMeetPhase.Imported, meets[m.Meet.AthleticNetMeetId].Phase));
        Assert.Equal(SeasonMeetPhase.NoResults, meets[_meets[^2].Meet.AthleticNetMeetId].Phase);
        Assert.Equal(SeasonMeetPhase.Upcoming, meets[_meets[^1].Meet.AthleticNetMeetId].Phase);
        // One job per meet with results, each importing every race once.
        Assert.Equal(4, await CountAsync("SELECT count(DISTINCT meet_id) FROM import_jobs"));
        Assert.Equal(4, await CountAsync("SELECT count(*) FROM import_jobs"));
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM (SELECT race_id, step FROM test_effects GROUP BY 1, 2 HAVING count(*) <> 1) twice"));
        Assert.Equal(state.Meets.Sum(m => m.Results?.Read ?? 0), state.Results.Read);

        // The meet's start is idempotent by job id: asking again for a finished job answers it.
        var own = meets[_meets[0].Meet.AthleticNetMeetId];
        var repeat = await cluster.Grains.GetMeetGrain(own.MeetId).StartScrapeAsync(Races(2) with { JobId = own.JobId });
        Assert.Equal((own.JobId!.Value, JobStatus.ImportingComplete), (repeat.JobId, repeat.Status));
        Assert.Equal(4, await CountAsync("SELECT count(*) FROM import_jobs"));
        Assert.Equal("complete", await Database.ScalarAsync<string>($"SELECT status FROM season_jobs WHERE id = '{started.SeasonJobId}'"));
    }

    [Fact]
    public async Task Cancelling_a_season_cancels_the_meet_jobs_it_started_and_nothing_else_starts()
    {
        // Races wait until cancelled, so the season is mid-way when the cancel comes.
        Recorder.BeforeRace = (_, _, ct) => Task.Delay(Timeout, ct);
        await using var cluster = await StartClusterAsync(1, SourceSettings());
        var season = cluster.Grains.GetSeasonGrain(School, Year);
        var started = await season.StartAsync(new StartSeasonRequest(Guid.NewGuid(), null, Reimport: false));
        await Eventually.WaitAsync(
            async () => (await season.GetJobAsync(started.SeasonJobId))!.Meets.Count(m => m.Phase == SeasonMeetPhase.Running) == 3,
            Timeout,
            "three meets to be running");

        var cancelled = await season.CancelAsync(started.SeasonJobId);

        Assert.Equal(SeasonStatus.Cancelled, cancelled.Status);
        Assert.DoesNotContain(cancelled.Meets, m => m.Phase.IsOpen());
        Assert.Equal(3, cancelled.Meets.Count(m => m.Phase == SeasonMeetPhase.Cancelled && m.JobId is not null));
        // The fourth meet's job was never started; the three started are cancelled.
        Assert.Equal(3, await CountAsync("SELECT count(*) FROM import_jobs"));
        await Eventually.WaitAsync(
            async () => await CountAsync("SELECT count(*) FROM import_jobs WHERE status = 'cancelled'") == 3, Timeout, "the meet jobs to be cancelled");
        await Assert.ThrowsAsync<JobStateException>(() => season.CancelAsync(started.SeasonJobId));
    }

    private (string Key, object Value)[] SourceSettings() =>
    [
        ("Source:BaseUrl", _source.BaseUrl.ToString().TrimEnd('/')),
        ("Source:Spacing", "00:00:00"),
        ("Source:ResultsSpacing", "00:00:00"),
    ];

    private static async Task<SeasonJobState> WaitForSeasonAsync(GrainCluster cluster, Guid seasonJobId, SeasonStatus status)
    {
        SeasonJobState? state = null;
        await Eventually.WaitAsync(
            async () =>
            {
                state = await cluster.Grains.GetSeasonGrain(School, Year).GetJobAsync(seasonJobId);
                return state?.Status == status;
            },
            Timeout,
            $"the season to reach {status} (last: {state?.Status}, {state?.Message})");
        return state!;
    }

    /// <summary>Four meets with results, one not posted, one to come.</summary>
    private static IReadOnlyList<MeetSnapshot> Meets() =>
    [
        .. SampleSeasons.SmallMeets(860_001, 4, Year),
        SampleSeasons.NotPosted("860005", "Dual (not posted)", new DateOnly(Year, 10, 30)),
        SampleSeasons.Upcoming("860006", "State", Year, DateOnly.FromDateTime(DateTime.UtcNow)),
    ];
}
