using XcAspire.Silo.Grains.Contracts;
using XcAspire.Testing;

namespace XcAspire.Grains.Tests;

public sealed class FailoverTests : GrainTestBase
{
    [Fact]
    public async Task A_killed_silo_s_races_finish_on_the_others_after_its_leases_expire()
    {
        var victimId = "";
        Recorder.BeforeRace = async (context, _, ct) =>
        {
            if (context.SiloId == Volatile.Read(ref victimId))
            {
                await Task.Delay(Timeout, ct); // holds its races until killed
            }
        };
        await using var cluster = await StartClusterAsync(1);
        var victim = cluster.Silos[0];
        Volatile.Write(ref victimId, victim.Id);
        await cluster.Grains.GetMeetGrain("800").StartScrapeAsync(Races(12));
        await Eventually.WaitAsync(() => victim.RacesRunning == 4, Timeout, "the victim to hold 4 races");

        await cluster.KillAsync(victim);
        Assert.Equal(4, await CountAsync($"SELECT count(*) FROM race_grains WHERE lease_owner = '{victim.Id}'"));
        await cluster.StartSiloAsync();
        await cluster.StartSiloAsync();

        var state = await WaitForStatusAsync(cluster, "800", JobStatus.ImportingComplete);
        Assert.Equal(12, state.Races.Imported);
        Assert.Equal(12, await CountAsync("SELECT count(*) FROM test_effects WHERE step = 'scrape'"));
        Assert.Equal(12, await CountAsync("SELECT count(*) FROM test_effects WHERE step = 'import'"));
        Assert.Equal(0, await CountAsync($"SELECT count(*) FROM test_effects WHERE silo_id = '{victim.Id}'"));
        // The four taken-over races show it: an error naming the dead silo, and a second scrape attempt.
        Assert.Equal(4, await CountAsync($"SELECT count(DISTINCT race_id) FROM race_grain_errors WHERE silo_id = '{victim.Id}' AND message LIKE '%taken over%'"));
        Assert.Equal(4, await CountAsync("SELECT count(*) FROM test_effects WHERE step = 'scrape' AND attempt = 2"));
        await Eventually.WaitAsync(
            async () => await Database.ScalarAsync<string>($"SELECT status FROM silos WHERE id = '{victim.Id}'") == "dead",
            Timeout,
            "the silent silo to be marked dead");
    }

    [Fact]
    public async Task A_worker_whose_lease_was_taken_over_cannot_commit()
    {
        var paused = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var resume = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var slowId = "";
        Recorder.BeforeRace = async (context, step, ct) =>
        {
            if (context.SiloId == Volatile.Read(ref slowId) && step == "import")
            {
                paused.TrySetResult();
                await resume.Task; // deaf to cancellation: it wakes up late, as a stalled process would
            }
        };
        await using var cluster = await StartClusterAsync(1, o => o.MaxConcurrentRaces = 1);
        var slow = cluster.Silos[0];
        Volatile.Write(ref slowId, slow.Id);
        await cluster.Grains.GetMeetGrain("810").StartScrapeAsync(Races(1));
        await paused.Task.WaitAsync(Timeout);

        // A second silo whose clock runs a lease and more ahead sees the slow silo's lease as expired.
        var rescuer = await cluster.StartSiloAsync(o => o.ClockOffset = o.LeaseDuration + TimeSpan.FromSeconds(1));
        await Eventually.WaitAsync(
            async () => await CountAsync($"SELECT count(*) FROM test_effects WHERE step = 'import' AND silo_id = '{rescuer.Id}'") == 1,
            Timeout,
            "the rescuer to import the race");

        resume.SetResult();
        await Eventually.WaitAsync(() => slow.RacesRunning == 0, Timeout, "the slow worker to finish trying");

        Assert.Equal(1, await CountAsync("SELECT count(*) FROM test_effects WHERE step = 'import'"));
        Assert.Equal(0, await CountAsync($"SELECT count(*) FROM test_effects WHERE step = 'import' AND silo_id = '{slow.Id}'"));
        var race = await cluster.Grains.GetRaceGrain("810", "1000").GetStateAsync();
        Assert.Equal(RacePhase.Imported, race!.Phase);
        Assert.Equal(2, race.Attempt);
        Assert.Contains(race.Errors, e => e.SiloId == slow.Id && e.Message.Contains("taken over", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_graceful_stop_releases_leases_at_once_without_spending_attempts()
    {
        var leavingId = "";
        Recorder.BeforeRace = async (context, _, ct) =>
        {
            if (context.SiloId == Volatile.Read(ref leavingId))
            {
                await Task.Delay(Timeout, ct);
            }
        };
        // Leases long enough that only a release (never an expiry) can explain a quick handover.
        await using var cluster = await StartClusterAsync(1, o => o.LeaseDuration = TimeSpan.FromMinutes(10));
        var leaving = cluster.Silos[0];
        Volatile.Write(ref leavingId, leaving.Id);
        await cluster.Grains.GetMeetGrain("820").StartScrapeAsync(Races(4));
        await Eventually.WaitAsync(() => leaving.RacesRunning == 4, Timeout, "the silo to hold 4 races");

        await cluster.StopAsync(leaving);

        Assert.Equal(0, await CountAsync($"SELECT count(*) FROM race_grains WHERE lease_owner = '{leaving.Id}'"));
        Assert.Equal("stopped", await Database.ScalarAsync<string>($"SELECT status FROM silos WHERE id = '{leaving.Id}'"));
        await cluster.StartSiloAsync();
        var state = await WaitForStatusAsync(cluster, "820", JobStatus.ImportingComplete);
        Assert.Equal(4, state.Races.Imported);
        Assert.Equal(4, await CountAsync("SELECT count(*) FROM test_effects WHERE step = 'scrape' AND attempt = 1"));
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM race_grain_errors"));
    }
}
