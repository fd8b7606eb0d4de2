using System.Globalization;
using XcAspire.Silo.Grains.Contracts;
using XcAspire.Testing;

namespace XcAspire.Grains.Tests;

public sealed class CoordinationTests : GrainTestBase
{
    [Fact]
    public async Task Three_silos_run_a_200_race_meet_with_every_effect_once_and_the_meet_step_once()
    {
        await using var cluster = await StartClusterAsync(3);
        var started = await cluster.Grains.GetMeetGrain("500").StartScrapeAsync(Races(200));

        var state = await WaitForStatusAsync(cluster, "500", JobStatus.ImportingComplete);

        Assert.Equal(started.JobId, state.JobId);
        Assert.Equal(200, await CountAsync("SELECT count(*) FROM test_effects WHERE step = 'scrape'"));
        Assert.Equal(200, await CountAsync("SELECT count(*) FROM test_effects WHERE step = 'import'"));
        Assert.Equal(200, await CountAsync("SELECT count(DISTINCT race_id) FROM test_effects WHERE step = 'import'"));
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM test_meet_steps"));
        Assert.Equal(3, await CountAsync("SELECT count(DISTINCT silo_id) FROM test_effects"));
        Assert.Equal(new RaceCountsByPhase(200, 0, 0, 0, 0, 200, 0, 0), state.Races);
        Assert.Equal(new RowOutcomeCounts(600, 400, 200, 0, 0, 0), state.Results);
        Assert.Equal(1, state.MeetStepRuns);
        Assert.NotNull(state.Timings.FinishedAt);
        // Every step's completion record, once.
        Assert.Equal(400, await CountAsync($"SELECT count(*) FROM race_step_completions WHERE job_id = '{started.JobId}'"));
        Assert.Equal(1, await CountAsync($"SELECT count(*) FROM meet_step_completions WHERE job_id = '{started.JobId}'"));
    }

    [Fact]
    public async Task A_meet_hands_out_every_batch_of_races_in_one_round_without_waiting_for_its_watchdog()
    {
        // Neither the watchdog nor the resume reminder comes round during the test: only the first round
        // of the meet's timer hands races out, so every batch of it must go.
        await using var cluster = await StartClusterAsync(1, ("Silo:WatchdogPeriod", TimeSpan.FromHours(1)), ("Silo:ResumePeriod", TimeSpan.FromHours(1)));
        await cluster.Grains.GetMeetGrain("501").StartScrapeAsync(Races(40));

        var state = await WaitForStatusAsync(cluster, "501", JobStatus.ImportingComplete);
        Assert.Equal(40, state.Races.Imported);
        Assert.Equal(40, await CountAsync("SELECT count(*) FROM test_effects WHERE step = 'import'"));
    }

    [Fact]
    public async Task The_job_table_and_race_table_match_the_grains_state()
    {
        await using var cluster = await StartClusterAsync(2);
        var meet = cluster.Grains.GetMeetGrain("505");
        var job = await meet.StartScrapeAsync(Races(12));
        var state = await WaitForStatusAsync(cluster, "505", JobStatus.ImportingComplete);
        var races = await meet.GetRacesAsync(job.JobId);

        // The read model is written after the grain's state: wait for its last write, then compare.
        await Eventually.WaitAsync(
            async () => await CountAsync($"SELECT version FROM import_jobs WHERE id = '{job.JobId}'") == state.Version,
            Timeout,
            "the job row to catch up with the grain");
        var row = await Database.QueryRowAsync(
            $"SELECT status, races_total, races_imported, rows_read, rows_inserted, rows_already_present, meet_step, meet_step_runs FROM import_jobs WHERE id = '{job.JobId}'");
        Assert.Equal(
            [state.Status.Name(), state.Races.Total, state.Races.Imported, state.Results.Read, state.Results.Inserted, state.Results.AlreadyPresent, state.MeetStep, state.MeetStepRuns],
            row);
        foreach (var race in races)
        {
            var raceRow = await Database.QueryRowAsync(
                $"SELECT phase, rows_read, rows_inserted, silo FROM race_grains WHERE meet_id = '505' AND race_id = '{race.RaceId}' AND job_id = '{job.JobId}'");
            Assert.Equal([race.Phase.Name(), race.Rows.Read, race.Rows.Inserted, race.Silo], raceRow);
        }
    }

    [Fact]
    public async Task The_meet_step_runs_once_when_the_last_races_end_together()
    {
        await using var cluster = await StartClusterAsync(2);
        for (var round = 0; round < 6; round++)
        {
            var meetId = (600 + round).ToString(CultureInfo.InvariantCulture);
            var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var waiting = 0;
            Recorder.BeforeRace = async (context, step, ct) =>
            {
                if (step == "import" && context.MeetId == meetId)
                {
                    Interlocked.Increment(ref waiting);
                    await gate.Task.WaitAsync(ct);
                }
            };
            await cluster.Grains.GetMeetGrain(meetId).StartScrapeAsync(Races(2));

            // Both imports (a silo imports two at a time, so wherever they land) held at the gate, then released together: their reports reach the meet at once.
            await Eventually.WaitAsync(() => Volatile.Read(ref waiting) == 2, Timeout, "the imports to reach the gate");
            gate.SetResult();
            var state = await WaitForStatusAsync(cluster, meetId, JobStatus.ImportingComplete);

            Assert.Equal(1, await CountAsync($"SELECT count(*) FROM test_meet_steps WHERE job_id = '{state.JobId}'"));
            Assert.Equal(2, await CountAsync($"SELECT count(*) FROM test_effects WHERE job_id = '{state.JobId}' AND step = 'import'"));
        }
    }

    [Fact]
    public async Task A_meet_has_at_most_one_active_job_and_a_second_start_names_the_running_one()
    {
        Recorder.BeforeRace = (_, _, ct) => Task.Delay(Timeout, ct); // keeps the first job active
        await using var cluster = await StartClusterAsync(1);
        var meet = cluster.Grains.GetMeetGrain("700");

        var attempts = await Task.WhenAll(Enumerable.Range(0, 6).Select(async _ =>
        {
            try
            {
                return (Started: await meet.StartScrapeAsync(Races(3)), Conflict: (ActiveJobConflictException?)null);
            }
            catch (ActiveJobConflictException e)
            {
                return (Started: (JobStarted?)null, Conflict: e);
            }
        }));

        var winner = Assert.Single(attempts, a => a.Started is not null).Started!;
        Assert.All(attempts.Where(a => a.Conflict is not null), a => Assert.Equal(winner.JobId, a.Conflict!.ActiveJobId));
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM import_jobs WHERE meet_id = '700'"));

        // Once it ends (here: cancelled), a new job may start.
        await meet.CancelAsync(winner.JobId);
        var next = await meet.StartScrapeAsync(Races(3));
        Assert.NotEqual(winner.JobId, next.JobId);
    }

    [Fact]
    public async Task A_scrape_job_without_auto_import_waits_at_scraping_complete_until_start_import()
    {
        await using var cluster = await StartClusterAsync(2);
        var meet = cluster.Grains.GetMeetGrain("710");
        var job = await meet.StartScrapeAsync(Races(5, autoImport: false));

        var scraped = await WaitForStatusAsync(cluster, "710", JobStatus.ScrapingComplete);
        Assert.Equal(5, scraped.Races.Scraped);
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM test_effects WHERE step = 'import'"));
        // Nothing is left to resume while the job waits for an operator: no race holds a reminder.
        await Eventually.WaitAsync(
            async () => await CountAsync("SELECT count(*) FROM orleansreminderstable WHERE grainid LIKE 'race/%'") == 0,
            Timeout,
            "the scraped races to drop their reminders");

        await meet.StartImportAsync(job.JobId);
        var done = await WaitForStatusAsync(cluster, "710", JobStatus.ImportingComplete);
        Assert.Equal(5, done.Races.Imported);
        Assert.Equal(5, await CountAsync("SELECT count(*) FROM test_effects WHERE step = 'import'"));
    }

    [Fact]
    public async Task The_operator_view_shows_each_race_where_it_ran_and_the_silos()
    {
        await using var cluster = await StartClusterAsync(2);
        await cluster.Grains.GetMeetGrain("720").StartScrapeAsync(Races(4));
        await WaitForStatusAsync(cluster, "720", JobStatus.ImportingComplete);

        var races = await cluster.Grains.GetMeetGrain("720").GetRacesAsync();
        var silos = cluster.Silos.Select(s => (string?)s.Name).ToHashSet();
        Assert.Equal(4, races.Count);
        Assert.All(races, r =>
        {
            Assert.Equal(RacePhase.Imported, r.Phase);
            Assert.NotNull(r.Timings.ScrapeFinishedAt);
            Assert.NotNull(r.Timings.ImportFinishedAt);
            Assert.Equal(new RowOutcomeCounts(3, 2, 1, 0, 0, 0), r.Rows);
            Assert.Contains(r.Silo, silos);
            Assert.Contains(r.ActivationSilo, silos);
        });
        var race = await cluster.Grains.GetRaceGrain("720", "1002").GetStateAsync();
        Assert.Equal("Race 1002", race!.Title);

        var hosts = await cluster.Grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
        Assert.Equal(2, hosts.Count);
    }
}
