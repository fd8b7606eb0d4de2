using System.Text.Json;
using Npgsql;
using XcAspire.Silo.Grains.Contracts;
using XcAspire.Silo.MeetData;

namespace XcAspire.Silo.Grains.Storage;

/// <summary>
/// The MeetGrain's writes: starting, importing, cancelling and retrying jobs. Lock order is always
/// race rows first, then the job row (as the silos' commits do), so these never deadlock with a silo.
/// </summary>
public sealed class JobStore(NpgsqlDataSource dataSource)
{
    private const string ActiveJobIndex = "import_jobs_one_active_per_meet";

    public async Task<JobStarted> StartScrapeAsync(string meetId, StartScrapeRequest request, CancellationToken ct)
    {
        if (request.Races.Count == 0)
        {
            throw new JobStateException($"Meet {meetId} has no races to scrape.");
        }

        var jobId = Guid.NewGuid();
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await InsertJobAsync(connection, transaction, jobId, meetId, "scrape", request.AutoImport, request.DirectoryPath, ct, request.Choices);
        await UpsertRacesAsync(connection, transaction, jobId, meetId, request.Races, "pending", "scrape", ct);
        await JobProgress.RecomputeAsync(connection, transaction, jobId, TimeSpan.Zero, ct);
        await JobProgress.NotifyAsync(connection, transaction, ct);
        await transaction.CommitAsync(ct);
        return new JobStarted(jobId, await StatusAsync(jobId, ct));
    }

    /// <summary>A job over rows already read: its races start at <c>scraped</c>, due for import.</summary>
    public async Task<JobStarted> StartImportOfSnapshotAsync(MeetSnapshot snapshot, string? directoryPath, CancellationToken ct)
    {
        var meetId = snapshot.Meet.AthleticNetMeetId;
        if (snapshot.Races.Count == 0)
        {
            throw new JobStateException($"Meet {meetId} has no races to import.");
        }

        var jobId = Guid.NewGuid();
        var races = snapshot.Races.Select(r => new RaceToRun(r.AthleticNetRaceId, r.Title)).ToList();
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await InsertJobAsync(connection, transaction, jobId, meetId, "folder", autoImport: true, directoryPath, ct);
        await UpsertRacesAsync(connection, transaction, jobId, meetId, races, "scraped", "import", ct);
        await StagedRows.SaveSnapshotAsync(connection, transaction, jobId, snapshot, ct);
        await ExecuteAsync(
            connection,
            transaction,
            """
            UPDATE race_grains r SET rows_read = s.row_count FROM job_race_rows s
            WHERE s.job_id = @job AND r.meet_id = @meet AND r.race_id = s.race_id
            """,
            ct,
            ("job", jobId),
            ("meet", meetId));
        await ExecuteAsync(
            connection,
            transaction,
            "UPDATE import_jobs SET unassigned_rejected = @unassigned WHERE id = @job",
            ct,
            ("job", jobId),
            ("unassigned", snapshot.Rejected.Count(r => r.AthleticNetRaceId is null)));
        await JobProgress.RecomputeAsync(connection, transaction, jobId, TimeSpan.Zero, ct);
        await JobProgress.NotifyAsync(connection, transaction, ct);
        await transaction.CommitAsync(ct);
        return new JobStarted(jobId, await StatusAsync(jobId, ct));
    }

    public async Task<JobStarted> StartImportAsync(string meetId, Guid jobId, CancellationToken ct)
    {
        // First the job asks for import (so a race finishing its scrape from now on goes straight on)…
        var asked = await ExecuteAsync(
            "UPDATE import_jobs SET auto_import = true, version = version + 1, updated_at = now() " +
            "WHERE id = @job AND meet_id = @meet AND status IN ('pending', 'scraping', 'scraping_complete')",
            ct,
            ("job", jobId),
            ("meet", meetId));
        if (asked == 0)
        {
            var status = await StatusAsync(jobId, ct);
            throw new JobStateException(
                $"Job {jobId} is {status.Name()}: only a job that is scraping or has finished scraping can start importing.");
        }

        // …then every race already scraped is made due. A race committing its scrape right now holds its
        // row lock; this update waits for it and re-checks the row, so no race is left behind.
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await ExecuteAsync(
            connection,
            transaction,
            """
            WITH ready AS (
                SELECT meet_id, race_id FROM race_grains
                WHERE job_id = @job AND phase = 'scraped' AND next_step IS NULL
                ORDER BY meet_id, race_id FOR UPDATE)
            UPDATE race_grains r SET next_step = 'import', scheduled_at = now(), attempt = 0,
                version = r.version + 1, updated_at = now()
            FROM ready WHERE r.meet_id = ready.meet_id AND r.race_id = ready.race_id
            """,
            ct,
            ("job", jobId));
        await JobProgress.RecomputeAsync(connection, transaction, jobId, TimeSpan.Zero, ct);
        await JobProgress.NotifyAsync(connection, transaction, ct);
        await transaction.CommitAsync(ct);
        return new JobStarted(jobId, await StatusAsync(jobId, ct));
    }

    public async Task<JobStarted> CancelAsync(string meetId, Guid jobId, CancellationToken ct)
    {
        var cancelled = await ExecuteAsync(
            "UPDATE import_jobs SET cancel_requested = true, status = 'cancelled', message = 'Cancelled', " +
            "finished_at = now(), version = version + 1, updated_at = now() " +
            "WHERE id = @job AND meet_id = @meet AND status IN ('pending', 'scraping', 'scraping_complete', 'importing')",
            ct,
            ("job", jobId),
            ("meet", meetId));
        if (cancelled == 0)
        {
            var status = await StatusAsync(jobId, ct);
            throw new JobStateException($"Job {jobId} is {status.Name()}: only an active job can be cancelled.");
        }

        // Races nobody is running are cancelled now; a race a silo is running stops at its next step
        // boundary (the silo checks cancel_requested before it commits).
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await ExecuteAsync(
            connection,
            transaction,
            """
            WITH idle AS (
                SELECT meet_id, race_id FROM race_grains
                WHERE job_id = @job AND phase IN ('pending', 'scraped', 'scraping', 'importing')
                  AND (lease_owner IS NULL OR lease_expires_at <= now())
                ORDER BY meet_id, race_id FOR UPDATE)
            UPDATE race_grains r SET phase = 'cancelled', next_step = NULL, scheduled_at = NULL,
                lease_owner = NULL, lease_token = NULL, lease_expires_at = NULL, version = r.version + 1, updated_at = now()
            FROM idle WHERE r.meet_id = idle.meet_id AND r.race_id = idle.race_id
            """,
            ct,
            ("job", jobId));
        await ExecuteAsync(
            connection,
            transaction,
            "UPDATE import_jobs SET meet_step = 'none', lease_owner = NULL, lease_token = NULL, lease_expires_at = NULL " +
            "WHERE id = @job AND meet_step IN ('due', 'running') AND (lease_owner IS NULL OR lease_expires_at <= now())",
            ct,
            ("job", jobId));
        await JobProgress.RecomputeAsync(connection, transaction, jobId, TimeSpan.Zero, ct);
        await transaction.CommitAsync(ct);
        return new JobStarted(jobId, JobStatus.Cancelled);
    }

    public async Task<int> RetryFailedAsync(string meetId, Guid jobId, CancellationToken ct)
    {
        var status = await StatusAsync(jobId, ct);
        if (status is JobStatus.Cancelled or JobStatus.Error)
        {
            throw new JobStateException($"Job {jobId} is {status.Name()}: start a new job instead.");
        }

        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        // A failed race goes back to its last good phase: scraped when its rows are stored, else pending.
        var retried = await ExecuteAsync(
            connection,
            transaction,
            """
            WITH failed AS (
                SELECT r.meet_id, r.race_id, r.scrape_finished_at IS NOT NULL OR EXISTS (
                           SELECT 1 FROM job_race_rows s WHERE s.job_id = r.job_id AND s.race_id = r.race_id) AS has_rows
                FROM race_grains r
                WHERE r.job_id = @job AND r.meet_id = @meet AND r.phase = 'failed'
                ORDER BY r.meet_id, r.race_id FOR UPDATE OF r)
            UPDATE race_grains r SET
                phase = CASE WHEN failed.has_rows THEN 'scraped' ELSE 'pending' END,
                next_step = CASE WHEN failed.has_rows THEN 'import' ELSE 'scrape' END,
                scheduled_at = now(), attempt = 0, last_error = NULL, version = r.version + 1, updated_at = now()
            FROM failed WHERE r.meet_id = failed.meet_id AND r.race_id = failed.race_id
            """,
            ct,
            ("job", jobId),
            ("meet", meetId));
        if (retried > 0)
        {
            // Imports that follow need their own meet step round; a scraped-only race imports on retry.
            await ExecuteAsync(
                connection,
                transaction,
                "UPDATE import_jobs SET meet_step = 'none', " +
                "finished_at = NULL, importing_finished_at = NULL WHERE id = @job AND meet_step <> 'running'",
                ct,
                ("job", jobId));
            try
            {
                await JobProgress.RecomputeAsync(connection, transaction, jobId, TimeSpan.Zero, ct);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation && e.ConstraintName == ActiveJobIndex)
            {
                throw new ActiveJobConflictException(meetId, await ActiveJobIdAsync(meetId, ct) ?? Guid.Empty);
            }

            await JobProgress.NotifyAsync(connection, transaction, ct);
        }

        await transaction.CommitAsync(ct);
        return retried;
    }

    /// <summary>The operator's venue and course choices for the job, if any.</summary>
    public static async Task<MeetChoices?> ChoicesAsync(NpgsqlDataSource dataSource, Guid jobId, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand("SELECT choices::text FROM import_jobs WHERE id = @job");
        command.Parameters.AddWithValue("job", jobId);
        return await command.ExecuteScalarAsync(ct) is string json ? JsonSerializer.Deserialize<MeetChoices>(json) : null;
    }

    /// <summary>A job's staged rows with the operator's venue and course choices applied, as every import of them needs.</summary>
    public static async Task<MeetSnapshot> WithChoicesAsync(NpgsqlDataSource dataSource, Guid jobId, MeetSnapshot staged, CancellationToken ct) =>
        await MeetChoicesApplier.ApplyAsync(dataSource, await ChoicesAsync(dataSource, jobId, ct), staged, ct);

    public async Task<JobStatus> StatusAsync(Guid jobId, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand("SELECT status FROM import_jobs WHERE id = @job");
        command.Parameters.AddWithValue("job", jobId);
        return await command.ExecuteScalarAsync(ct) is string status
            ? StateNames.ParseJobStatus(status)
            : throw new KeyNotFoundException($"No import job {jobId}.");
    }

    public async Task<Guid?> ActiveJobIdAsync(string meetId, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT id FROM import_jobs WHERE meet_id = @meet AND status IN ('pending', 'scraping', 'scraping_complete', 'importing')");
        command.Parameters.AddWithValue("meet", meetId);
        return await command.ExecuteScalarAsync(ct) as Guid?;
    }

    private async Task InsertJobAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Guid jobId, string meetId, string kind, bool autoImport,
        string? directoryPath, CancellationToken ct, MeetChoices? choices = null)
    {
        // A savepoint keeps the transaction usable to report the conflict cleanly.
        await transaction.SaveAsync("job", ct);
        try
        {
            await ExecuteAsync(
                connection,
                transaction,
                "INSERT INTO import_jobs (id, meet_id, kind, status, auto_import, directory_path, choices, message) " +
                "VALUES (@job, @meet, @kind, 'pending', @auto, @dir, @choices::jsonb, 'Waiting for a silo')",
                ct,
                ("job", jobId),
                ("meet", meetId),
                ("kind", kind),
                ("auto", autoImport),
                ("dir", (object?)directoryPath ?? DBNull.Value),
                ("choices", choices is null ? DBNull.Value : JsonSerializer.Serialize(choices)));
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation && e.ConstraintName == ActiveJobIndex)
        {
            await transaction.RollbackAsync(ct);
            throw new ActiveJobConflictException(meetId, await ActiveJobIdAsync(meetId, ct) ?? Guid.Empty);
        }
    }

    private static Task<int> UpsertRacesAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Guid jobId, string meetId, IReadOnlyList<RaceToRun> races,
        string phase, string nextStep, CancellationToken ct) =>
        ExecuteAsync(
            connection,
            transaction,
            """
            INSERT INTO race_grains (meet_id, race_id, job_id, title, phase, next_step, scheduled_at)
            SELECT @meet, r.id, @job, r.title, @phase, @next_step, now()
            FROM unnest(@ids::text[], @titles::text[]) AS r(id, title)
            ON CONFLICT (meet_id, race_id) DO UPDATE SET
                job_id = EXCLUDED.job_id, title = EXCLUDED.title, phase = EXCLUDED.phase, next_step = EXCLUDED.next_step,
                scheduled_at = EXCLUDED.scheduled_at, attempt = 0, lease_owner = NULL, lease_token = NULL, lease_expires_at = NULL,
                scrape_started_at = NULL, scrape_finished_at = NULL, import_started_at = NULL, import_finished_at = NULL,
                rows_read = 0, rows_inserted = 0, rows_already_present = 0, rows_updated = 0, rows_rejected = 0, rows_flagged = 0,
                last_error = NULL, version = race_grains.version + 1, updated_at = now()
            """,
            ct,
            ("meet", meetId),
            ("job", jobId),
            ("phase", phase),
            ("next_step", nextStep),
            ("ids", races.Select(r => r.RaceId).ToArray()),
            ("titles", races.Select(r => r.Title).ToArray()));

    private async Task<int> ExecuteAsync(string sql, CancellationToken ct, params (string Name, object Value)[] parameters)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await ExecuteAsync(connection, null, sql, ct, parameters);
    }

    private static async Task<int> ExecuteAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, CancellationToken ct,
        params (string Name, object Value)[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return await command.ExecuteNonQueryAsync(ct);
    }
}
