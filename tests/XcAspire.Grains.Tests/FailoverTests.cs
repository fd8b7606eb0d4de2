using Npgsql;
using XcAspire.Silo.Grains;
using XcAspire.Silo.Grains.Contracts;
using XcAspire.Silo.Steps;
using XcAspire.Testing;

namespace XcAspire.Grains.Tests;

public sealed class FailoverTests : GrainTestBase
{
    [Fact]
    public async Task A_killed_silo_s_races_resume_on_the_other_and_every_effect_happens_once()
    {
        // Silos in processes of their own: the kill is a real crash (nothing handed back, no goodbye).
        await using var cluster = await StartCrashableClusterAsync(2, stepDelay: TimeSpan.FromSeconds(2));
        var meet = cluster.Grains.GetMeetGrain("800");
        var job = await meet.StartScrapeAsync(Races(16));
        var victim = cluster.Silos[1];
        await Eventually.WaitAsync(
            async () => (await meet.GetRacesAsync(job.JobId)).Any(r => r.Phase == RacePhase.Scraping && r.Silo == victim.Name),
            Timeout,
            "the victim to be scraping a race");

        await cluster.KillAsync(victim);

        var state = await WaitForStatusAsync(cluster, "800", JobStatus.ImportingComplete);
        Assert.Equal(16, state.Races.Imported);
        Assert.Equal(0, await CountAsync(
            "SELECT count(*) FROM (SELECT race_id, step FROM test_effects GROUP BY 1, 2 HAVING count(*) <> 1) twice"));
        Assert.Equal(32, await CountAsync("SELECT count(*) FROM test_effects"));
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM test_meet_steps"));
        // The interrupted races say so, naming the dead silo.
        var races = await meet.GetRacesAsync(job.JobId);
        Assert.Contains(races, r => r.Errors.Any(e => e.SiloId == victim.Name && e.Message.Contains("stopped during attempt", StringComparison.Ordinal)));
        Assert.All(races, r => Assert.NotEqual(victim.Name, r.ActivationSilo));
    }

    [Fact]
    public async Task A_second_commit_of_a_committed_step_finds_the_first_and_writes_nothing()
    {
        // What a silo declared dead but still running would do after the race resumed elsewhere.
        await using var connections = new ImportConnections(Database.DataSource);
        var commits = new StepCommits(Database.DataSource, connections);
        var jobId = Guid.NewGuid();
        var steps = new RecordingSteps().Steps;
        var first = new RaceStepContext(jobId, "810", "1000", "Race", 1, "silo-a", Database.DataSource);
        var second = first with { Attempt = 2, SiloId = "silo-b" };

        var committed = await commits.CommitRaceStepAsync(jobId, "1000", RaceStep.Import, 1, "silo-a", await steps.Import.RunAsync(first, default), default);
        var again = await commits.CommitRaceStepAsync(jobId, "1000", RaceStep.Import, 2, "silo-b", await steps.Import.RunAsync(second, default), default);

        Assert.False(committed.Earlier);
        Assert.True(again.Earlier);
        Assert.Equal(committed.Counts, again.Counts);
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM test_effects"));
        Assert.Equal("silo-a", await Database.ScalarAsync<string>("SELECT silo_id FROM test_effects"));
        Assert.Equal(committed.Counts, await commits.FindRaceStepAsync(jobId, "1000", RaceStep.Import, default));
    }

    [Fact]
    public async Task Two_commits_of_one_step_at_the_same_moment_write_once()
    {
        await using var connections = new ImportConnections(Database.DataSource);
        var commits = new StepCommits(Database.DataSource, connections);
        var jobId = Guid.NewGuid();
        var steps = new RecordingSteps().Steps;
        var outcomes = await Task.WhenAll(Enumerable.Range(1, 4).Select(async attempt =>
        {
            var context = new RaceStepContext(jobId, "811", "1000", "Race", attempt, $"silo-{attempt}", Database.DataSource);
            return await commits.CommitRaceStepAsync(jobId, "1000", RaceStep.Scrape, attempt, context.SiloId, await steps.Scrape.RunAsync(context, default), default);
        }));

        Assert.Single(outcomes, o => !o.Earlier);
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM test_effects"));
    }

    [Fact]
    public async Task The_meet_step_of_a_round_commits_once()
    {
        await using var connections = new ImportConnections(Database.DataSource);
        var commits = new StepCommits(Database.DataSource, connections);
        var jobId = Guid.NewGuid();
        var runs = 0;

        Task Effects(NpgsqlConnection c, NpgsqlTransaction t)
        {
            Interlocked.Increment(ref runs);
            return Task.CompletedTask;
        }

        Assert.True(await commits.CommitMeetStepAsync(jobId, 1, "silo-a", Effects, default));
        Assert.False(await commits.CommitMeetStepAsync(jobId, 1, "silo-b", Effects, default));
        Assert.True(await commits.MeetStepCommittedAsync(jobId, 1, default));
        Assert.True(await commits.CommitMeetStepAsync(jobId, 2, "silo-b", Effects, default));
        Assert.Equal(2, runs);
    }

    [Fact]
    public async Task A_graceful_stop_hands_running_steps_back_without_spending_attempts()
    {
        var leaving = "";
        Recorder.BeforeRace = async (context, _, ct) =>
        {
            if (context.SiloId == Volatile.Read(ref leaving))
            {
                await Task.Delay(Timeout, ct); // runs until the silo stops
            }
        };
        await using var cluster = await StartClusterAsync(2);
        var silo = cluster.Silos[1];
        Volatile.Write(ref leaving, silo.Name);
        var meet = cluster.Grains.GetMeetGrain("820");
        var job = await meet.StartScrapeAsync(Races(8));
        await Eventually.WaitAsync(
            async () => (await meet.GetRacesAsync(job.JobId)).Any(r => r.Phase == RacePhase.Scraping && r.Silo == silo.Name),
            Timeout,
            "the leaving silo to be scraping a race");

        await cluster.StopAsync(silo);

        var state = await WaitForStatusAsync(cluster, "820", JobStatus.ImportingComplete);
        Assert.Equal(8, state.Races.Imported);
        Assert.Equal(8, await CountAsync("SELECT count(*) FROM test_effects WHERE step = 'scrape' AND attempt = 1"));
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM race_grain_errors"));
    }
}
