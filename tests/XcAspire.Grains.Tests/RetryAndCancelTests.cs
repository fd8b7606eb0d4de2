using XcAspire.Silo.Grains;
using XcAspire.Silo.Grains.Contracts;
using XcAspire.Silo.Staging;
using XcAspire.Silo.Steps;
using XcAspire.Testing;
using XcAspire.Testing.Orleans;

namespace XcAspire.Grains.Tests;

public sealed class RetryAndCancelTests : GrainTestBase
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 16)]
    [InlineData(3, 81)]
    [InlineData(4, 256)]
    [InlineData(5, 625)]
    public void Backoff_is_attempt_to_the_fourth_seconds_within_the_jitter(int attempt, double seconds)
    {
        var random = new Random(attempt);
        for (var i = 0; i < 100; i++)
        {
            var delay = Backoff.Delay(attempt, TimeSpan.FromHours(1), 0.1, random).TotalSeconds;
            Assert.InRange(delay, seconds * 0.9, seconds * 1.1);
        }
    }

    [Fact]
    public void Backoff_never_exceeds_its_cap() =>
        Assert.Equal(TimeSpan.FromMinutes(10), Backoff.Delay(20, TimeSpan.FromMinutes(10), 0.1, new Random(1)));

    [Fact]
    public async Task A_failed_attempt_is_scheduled_by_the_backoff()
    {
        Recorder.BeforeRace = (_, _, _) => throw new InvalidOperationException("source answered 500");
        await using var cluster = await StartClusterAsync(1, ("Silo:MaxBackoff", TimeSpan.FromHours(1)));
        await cluster.Grains.GetMeetGrain("900").StartScrapeAsync(Races(1));

        await Eventually.WaitAsync(async () => await CountAsync("SELECT count(*) FROM race_grain_errors") == 1, Timeout, "the first failure");
        var race = await cluster.Grains.GetRaceGrain("900", "1000").GetStateAsync();
        Assert.Equal(RacePhase.Pending, race!.Phase);
        Assert.Equal("scrape", race.NextStep);
        var delay = (race.ScheduledAt!.Value - race.Errors[0].OccurredAt).TotalSeconds;
        Assert.InRange(delay, 0.9, 1.1); // attempt 1: 1 s ± 10%
        Assert.Equal("source answered 500", race.LastError);
    }

    [Fact]
    public async Task After_its_last_attempt_a_race_fails_with_every_error_kept_and_retry_failed_finishes_it()
    {
        var failing = true;
        Recorder.BeforeRace = (context, step, _) =>
            Volatile.Read(ref failing) && context.RaceId == "1001" && step == "import"
                ? throw new InvalidOperationException($"import broke on attempt {context.Attempt}")
                : Task.CompletedTask;
        await using var cluster = await StartClusterAsync(2, ("Silo:MaxAttempts", 3));
        var meet = cluster.Grains.GetMeetGrain("910");
        var job = await meet.StartScrapeAsync(Races(3));

        var state = await WaitForStatusAsync(cluster, "910", JobStatus.CompletedWithErrors);
        Assert.Equal(2, state.Races.Imported);
        Assert.Equal(1, state.Races.Failed);
        var failed = await cluster.Grains.GetRaceGrain("910", "1001").GetStateAsync();
        Assert.Equal(RacePhase.Failed, failed!.Phase);
        Assert.Equal([1, 2, 3], failed.Errors.Select(e => e.Attempt));
        Assert.Equal("import broke on attempt 3", failed.LastError);
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM test_meet_steps"));

        Volatile.Write(ref failing, false);
        Assert.Equal(1, await meet.RetryFailedAsync(job.JobId));
        var done = await WaitForStatusAsync(cluster, "910", JobStatus.ImportingComplete);
        Assert.Equal(3, done.Races.Imported);
        // Back to its last good phase: scraped, so only the import ran again.
        Assert.Equal(3, await CountAsync("SELECT count(*) FROM test_effects WHERE step = 'scrape'"));
        Assert.Equal(3, await CountAsync("SELECT count(*) FROM test_effects WHERE step = 'import'"));
        Assert.Equal(2, await CountAsync("SELECT count(*) FROM test_meet_steps"));
        Assert.Equal(3, (await cluster.Grains.GetRaceGrain("910", "1001").GetStateAsync())!.Errors.Count);
    }

    [Fact]
    public async Task A_permanent_failure_fails_the_race_at_once()
    {
        Recorder.BeforeRace = (_, _, _) => throw new PermanentStepException("Athletic.net answered with a Cloudflare challenge");
        await using var cluster = await StartClusterAsync(1);
        await cluster.Grains.GetMeetGrain("920").StartScrapeAsync(Races(2));

        var state = await WaitForStatusAsync(cluster, "920", JobStatus.CompletedWithErrors);
        Assert.Equal(2, state.Races.Failed);
        var races = await cluster.Grains.GetMeetGrain("920").GetRacesAsync();
        Assert.All(races, r => Assert.Equal([1], r.Errors.Select(e => e.Attempt)));
        Assert.All(races, r => Assert.EndsWith("Cloudflare challenge", r.LastError, StringComparison.Ordinal));
        Assert.Equal(2, await CountAsync("SELECT count(*) FROM race_grain_errors WHERE message LIKE '%Cloudflare challenge' AND attempt = 1"));
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM test_meet_steps"));
    }

    [Fact]
    public async Task Cancel_is_honoured_at_the_next_step_boundary_and_nothing_more_is_written()
    {
        var holding = 0;
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Recorder.BeforeRace = async (_, step, _) =>
        {
            if (step == "scrape")
            {
                Interlocked.Increment(ref holding);
                await release.Task;
            }
        };
        await using var cluster = await StartClusterAsync(1);
        var meet = cluster.Grains.GetMeetGrain("930");
        var job = await meet.StartScrapeAsync(Races(10));
        await Eventually.WaitAsync(() => Volatile.Read(ref holding) == 4, Timeout, "4 scrapes running");

        var cancelled = await meet.CancelAsync(job.JobId);
        Assert.Equal(JobStatus.Cancelled, cancelled.Status);
        release.SetResult();

        await Eventually.WaitAsync(
            async () => await CountAsync($"SELECT count(*) FROM race_grains WHERE job_id = '{job.JobId}' AND phase = 'cancelled'") == 10,
            Timeout,
            "every race cancelled");
        // The race grains themselves, not only the meet's view of them: a race the cancel missed runs on.
        await Eventually.WaitAsync(
            async () => (await RaceGrainPhasesAsync(cluster, "930", Races(10))).All(p => p == RacePhase.Cancelled),
            Timeout,
            "every race grain cancelled");
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM test_effects"));
        var state = await meet.GetStateAsync();
        Assert.Equal(JobStatus.Cancelled, state!.Status);
        Assert.Equal(10, state.Races.Cancelled);
    }

    [Fact]
    public async Task A_cancel_that_arrives_while_races_are_handed_out_reaches_every_race()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Recorder.BeforeRace = async (_, _, _) => await release.Task;
        await using var cluster = await StartClusterAsync(1);
        var meet = cluster.Grains.GetMeetGrain("931");
        var request = Races(40); // three batches of hand-out
        var job = await meet.StartScrapeAsync(request);

        // At once: the meet is still handing races out, and keeps doing so while the cancel runs.
        var cancelled = await meet.CancelAsync(job.JobId);
        Assert.Equal(JobStatus.Cancelled, cancelled.Status);
        release.SetResult();

        await Eventually.WaitAsync(
            async () => (await meet.GetStateAsync())!.Races.Cancelled == 40,
            Timeout,
            "the meet counts every race cancelled");
        // Every race handed out is cancelled in its own grain; one never handed out has no state at all.
        await Eventually.WaitAsync(
            async () => (await RaceGrainPhasesAsync(cluster, "931", request)).All(p => p is null or RacePhase.Cancelled),
            Timeout,
            "every race grain cancelled or never handed out");
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM test_effects"));
    }

    [Fact]
    public async Task Cancelling_a_job_of_several_batches_of_races_reaches_all_of_them()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Recorder.BeforeRace = async (_, _, _) => await release.Task;
        await using var cluster = await StartClusterAsync(1);
        var meet = cluster.Grains.GetMeetGrain("932");
        var request = Races(40);
        var job = await meet.StartScrapeAsync(request);
        await Eventually.WaitAsync(
            async () => (await RaceGrainPhasesAsync(cluster, "932", request)).All(p => p is not null),
            Timeout,
            "every race handed out");

        // The races answer the cancel (and report to the meet) while the meet goes through its batches.
        var cancelled = await meet.CancelAsync(job.JobId);
        Assert.Equal(JobStatus.Cancelled, cancelled.Status);
        release.SetResult();

        await Eventually.WaitAsync(
            async () => (await RaceGrainPhasesAsync(cluster, "932", request)).All(p => p == RacePhase.Cancelled),
            Timeout,
            "every race grain cancelled");
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM test_effects"));
        // The meet hears of each race's end from the race itself.
        await Eventually.WaitAsync(
            async () => (await meet.GetStateAsync())!.Races.Cancelled == 40,
            Timeout,
            "the meet counts every race cancelled");
    }

    /// <summary>The phase each race grain reports of itself (null: it was never handed a job).</summary>
    private static async Task<RacePhase?[]> RaceGrainPhasesAsync(GrainCluster cluster, string meetId, StartScrapeRequest request) =>
        (await Task.WhenAll(request.Races.Select(r => cluster.Grains.GetRaceGrain(meetId, r.RaceId).GetStateAsync())))
            .Select(s => s?.Phase)
            .ToArray();

    [Fact]
    public async Task Retention_prunes_staged_rows_of_old_finished_jobs_and_keeps_the_jobs()
    {
        await using var cluster = await StartClusterAsync(1);
        var job = await SampleSnapshots.StartStagedAsync(cluster.Grains, Database.DataSource, SampleSnapshots.OneRace("940", "1000", rows: 3));
        await WaitForStatusAsync(cluster, "940", JobStatus.ImportingComplete);
        Assert.Equal(1, await CountAsync($"SELECT count(*) FROM job_race_rows WHERE job_id = '{job.JobId}'"));
        // A stored source answer of the job, as a scrape leaves one.
        await Database.ExecuteAsync(
            $"INSERT INTO source_responses (job_id, url, status, body) VALUES ('{job.JobId}', 'http://source/GetMeetData?meetId=940', 200, '{{}}')");

        Assert.Equal(0, await Retention.PruneAsync(Database.DataSource, 14, CancellationToken.None));
        await Database.ExecuteAsync($"UPDATE import_jobs SET finished_at = now() - interval '15 days' WHERE id = '{job.JobId}'");
        Assert.Equal(3, await Retention.PruneAsync(Database.DataSource, 14, CancellationToken.None));

        Assert.Equal(0, await CountAsync($"SELECT count(*) FROM job_race_rows WHERE job_id = '{job.JobId}'"));
        Assert.Equal(0, await CountAsync($"SELECT count(*) FROM source_responses WHERE job_id = '{job.JobId}'"));
        Assert.Equal(1, await CountAsync($"SELECT count(*) FROM import_jobs WHERE id = '{job.JobId}'"));
        Assert.Equal(1, await CountAsync($"SELECT count(*) FROM race_grains WHERE job_id = '{job.JobId}'"));
    }

    [Fact]
    public async Task Retention_prunes_rows_staged_for_a_job_that_never_started()
    {
        var jobId = Guid.NewGuid();
        await using (var connection = await Database.DataSource.OpenConnectionAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await StagedRows.SaveSnapshotAsync(connection, transaction, jobId, SampleSnapshots.OneRace("941", "1000", rows: 2), default);
            await transaction.CommitAsync();
        }

        Assert.Equal(0, await Retention.PruneAsync(Database.DataSource, 14, CancellationToken.None));
        await Database.ExecuteAsync($"UPDATE job_race_rows SET stored_at = now() - interval '15 days' WHERE job_id = '{jobId}'");
        await Database.ExecuteAsync($"UPDATE job_meet_data SET stored_at = now() - interval '15 days' WHERE job_id = '{jobId}'");
        Assert.Equal(2, await Retention.PruneAsync(Database.DataSource, 14, CancellationToken.None));
    }
}
