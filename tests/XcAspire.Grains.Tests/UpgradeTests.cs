using Microsoft.Extensions.Logging.Abstractions;
using XcAspire.ServiceDefaults.Migrations;
using XcAspire.Silo.Grains.Contracts;
using XcAspire.Testing;
using XcAspire.Testing.Orleans;

namespace XcAspire.Grains.Tests;

/// <summary>
/// A database the lease runtime used, with a finished job and one running when the new version starts:
/// the move to Orleans keeps both histories, and the interrupted job's races can be retried.
/// </summary>
public sealed class UpgradeTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);
    private static readonly Guid FinishedJob = Guid.Parse("00000000-0000-4000-8000-000000000001");
    private static readonly Guid RunningJob = Guid.Parse("00000000-0000-4000-8000-000000000002");
    private TestDatabase _database = null!;

    public async Task InitializeAsync()
    {
        _database = await TestPostgres.CreateEmptyAsync();
        await MigrateAsync(s => s.Version < 10);
        await _database.ExecuteAsync(
            $"""
            INSERT INTO import_jobs (id, meet_id, kind, status, auto_import, races_total, races_imported, rows_read, rows_inserted,
                                     meet_step, meet_step_runs, finished_at, version)
            VALUES ('{FinishedJob}', '4100', 'scrape', 'importing_complete', true, 2, 2, 6, 6, 'done', 1, now(), 9),
                   ('{RunningJob}', '4200', 'scrape', 'importing', true, 3, 1, 9, 3, 'none', 0, NULL, 7);
            INSERT INTO race_grains (meet_id, race_id, job_id, title, phase, rows_read, rows_inserted, scrape_finished_at, import_finished_at)
            VALUES ('4100', '1', '{FinishedJob}', 'Race 1', 'imported', 3, 3, now(), now()),
                   ('4100', '2', '{FinishedJob}', 'Race 2', 'imported', 3, 3, now(), now()),
                   ('4200', '1', '{RunningJob}', 'Race 1', 'imported', 3, 3, now(), now());
            INSERT INTO race_grains (meet_id, race_id, job_id, title, phase, next_step, scheduled_at, attempt, lease_owner, lease_token, lease_expires_at, rows_read, scrape_started_at)
            VALUES ('4200', '2', '{RunningJob}', 'Race 2', 'scraping', 'scrape', now(), 1, 'old-silo', gen_random_uuid(), now() + interval '30 seconds', 0, now());
            INSERT INTO race_grains (meet_id, race_id, job_id, title, phase, next_step, scheduled_at, rows_read, scrape_finished_at)
            VALUES ('4200', '3', '{RunningJob}', 'Race 3', 'scraped', 'import', now(), 3, now());
            """);
        await MigrateAsync(_ => true);
        await RecordingSteps.CreateTablesAsync(_database);
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task The_running_job_is_marked_for_retry_and_both_jobs_keep_their_history()
    {
        // The tables say it before any grain runs.
        Assert.Equal("completed_with_errors", await _database.ScalarAsync<string>($"SELECT status FROM import_jobs WHERE id = '{RunningJob}'"));
        Assert.Equal(2, await _database.ScalarAsync<long>($"SELECT count(*) FROM race_grains WHERE job_id = '{RunningJob}' AND phase = 'failed'"));
        Assert.Equal("importing_complete", await _database.ScalarAsync<string>($"SELECT status FROM import_jobs WHERE id = '{FinishedJob}'"));

        await using var cluster = await GrainCluster.StartAsync(_database, 1, new GrainClusterOptions { Steps = new RecordingSteps().Steps });
        var finished = await cluster.Grains.GetMeetGrain("4100").GetJobAsync(FinishedJob);
        Assert.Equal(JobStatus.ImportingComplete, finished!.Status);
        Assert.Equal(new RaceCountsByPhase(2, 0, 0, 0, 0, 2, 0, 0), finished.Races);
        Assert.Equal(1, finished.MeetStepRuns);

        var meet = cluster.Grains.GetMeetGrain("4200");
        var interrupted = await meet.GetJobAsync(RunningJob);
        Assert.Equal(JobStatus.CompletedWithErrors, interrupted!.Status);
        var races = await meet.GetRacesAsync(RunningJob);
        Assert.All(races.Where(r => r.Phase == RacePhase.Failed), r => Assert.Contains("moved to Orleans", r.LastError, StringComparison.Ordinal));

        Assert.Equal(2, await meet.RetryFailedAsync(RunningJob));
        await Eventually.WaitAsync(
            async () => (await meet.GetJobAsync(RunningJob))!.Status == JobStatus.ImportingComplete,
            Timeout,
            "the retried job to complete");
        // Race 2 was scraping: it scrapes again; race 3 had its rows: it only imports; race 1 stays as it was.
        Assert.Equal(1, await _database.ScalarAsync<long>("SELECT count(*) FROM test_effects WHERE race_id = '2' AND step = 'scrape'"));
        Assert.Equal(0, await _database.ScalarAsync<long>("SELECT count(*) FROM test_effects WHERE race_id = '3' AND step = 'scrape'"));
        Assert.Equal(2, await _database.ScalarAsync<long>("SELECT count(*) FROM test_effects WHERE step = 'import'"));
        Assert.Equal(1, await _database.ScalarAsync<long>($"SELECT count(*) FROM test_meet_steps WHERE job_id = '{RunningJob}'"));
        var done = await meet.GetJobAsync(RunningJob);
        Assert.Equal(3, done!.Races.Imported);
    }

    private async Task MigrateAsync(Func<MigrationScript, bool> which) =>
        await new Migrator(_database.DataSource, NullLogger<Migrator>.Instance, MigrationScript.Embedded().Where(which).ToList()).ApplyAsync();
}
