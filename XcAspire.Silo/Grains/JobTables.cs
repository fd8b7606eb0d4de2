using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using XcAspire.Silo.Grains.Contracts;

namespace XcAspire.Silo.Grains;

/// <summary>
/// The read model the grains keep in step: <c>import_jobs</c> (one row per job, what the job list and
/// operators' SQL read) and <c>race_grains</c> (each race's latest state). A MeetGrain writes both after
/// its own state; every write carries the job's (or race's) version, so an older write never wins.
/// </summary>
public sealed class JobTables(NpgsqlDataSource dataSource)
{
    private const string UpsertJob = """
        INSERT INTO import_jobs AS j (id, meet_id, kind, status, auto_import, directory_path, choices, message, last_error,
            races_total, races_pending, races_scraping, races_scraped, races_importing, races_imported, races_failed, races_cancelled,
            rows_read, rows_inserted, rows_already_present, rows_updated, rows_rejected, rows_flagged, unassigned_rejected,
            meet_step, meet_step_runs, created_at, scraping_started_at, scraping_finished_at, importing_started_at,
            importing_finished_at, finished_at, version, updated_at)
        VALUES (@id, @meet, @kind, @status, @auto_import, @directory_path, @choices::jsonb, @message, @last_error,
            @races_total, @races_pending, @races_scraping, @races_scraped, @races_importing, @races_imported, @races_failed, @races_cancelled,
            @rows_read, @rows_inserted, @rows_already_present, @rows_updated, @rows_rejected, @rows_flagged, @unassigned_rejected,
            @meet_step, @meet_step_runs, @created_at, @scraping_started_at, @scraping_finished_at, @importing_started_at,
            @importing_finished_at, @finished_at, @version, now())
        ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status, auto_import = EXCLUDED.auto_import, message = EXCLUDED.message,
            last_error = EXCLUDED.last_error, races_total = EXCLUDED.races_total, races_pending = EXCLUDED.races_pending,
            races_scraping = EXCLUDED.races_scraping, races_scraped = EXCLUDED.races_scraped, races_importing = EXCLUDED.races_importing,
            races_imported = EXCLUDED.races_imported, races_failed = EXCLUDED.races_failed, races_cancelled = EXCLUDED.races_cancelled,
            rows_read = EXCLUDED.rows_read, rows_inserted = EXCLUDED.rows_inserted, rows_already_present = EXCLUDED.rows_already_present,
            rows_updated = EXCLUDED.rows_updated, rows_rejected = EXCLUDED.rows_rejected, rows_flagged = EXCLUDED.rows_flagged,
            unassigned_rejected = EXCLUDED.unassigned_rejected, meet_step = EXCLUDED.meet_step, meet_step_runs = EXCLUDED.meet_step_runs,
            scraping_started_at = EXCLUDED.scraping_started_at, scraping_finished_at = EXCLUDED.scraping_finished_at,
            importing_started_at = EXCLUDED.importing_started_at, importing_finished_at = EXCLUDED.importing_finished_at,
            finished_at = EXCLUDED.finished_at, version = EXCLUDED.version, updated_at = now()
        WHERE j.version < EXCLUDED.version
        """;

    // A race row belongs to the race's latest job: a row of another job is replaced, one of the same job
    // only by a newer report.
    private const string UpsertRaces = """
        INSERT INTO race_grains AS g (meet_id, race_id, job_id, title, phase, next_step, attempt, silo,
            scrape_started_at, scrape_finished_at, import_started_at, import_finished_at,
            rows_read, rows_inserted, rows_already_present, rows_updated, rows_rejected, rows_flagged, last_error, version, updated_at)
        SELECT @meet, r.race_id, @job, r.title, r.phase, r.next_step, r.attempt, r.silo,
            r.scrape_started_at, r.scrape_finished_at, r.import_started_at, r.import_finished_at,
            r.rows_read, r.rows_inserted, r.rows_already_present, r.rows_updated, r.rows_rejected, r.rows_flagged, r.last_error, r.version, now()
        FROM jsonb_to_recordset(@races) AS r(race_id text, title text, phase text, next_step text, attempt int, silo text,
            scrape_started_at timestamptz, scrape_finished_at timestamptz, import_started_at timestamptz, import_finished_at timestamptz,
            rows_read int, rows_inserted int, rows_already_present int, rows_updated int, rows_rejected int, rows_flagged int,
            last_error text, version bigint)
        ON CONFLICT (meet_id, race_id) DO UPDATE SET job_id = EXCLUDED.job_id, title = EXCLUDED.title, phase = EXCLUDED.phase,
            next_step = EXCLUDED.next_step, attempt = EXCLUDED.attempt, silo = EXCLUDED.silo,
            scrape_started_at = EXCLUDED.scrape_started_at, scrape_finished_at = EXCLUDED.scrape_finished_at,
            import_started_at = EXCLUDED.import_started_at, import_finished_at = EXCLUDED.import_finished_at,
            rows_read = EXCLUDED.rows_read, rows_inserted = EXCLUDED.rows_inserted, rows_already_present = EXCLUDED.rows_already_present,
            rows_updated = EXCLUDED.rows_updated, rows_rejected = EXCLUDED.rows_rejected, rows_flagged = EXCLUDED.rows_flagged,
            last_error = EXCLUDED.last_error, version = EXCLUDED.version, updated_at = now()
        WHERE g.job_id <> EXCLUDED.job_id OR g.version < EXCLUDED.version
        """;

    /// <summary>Writes the job's row and the rows of <paramref name="races"/> (the job's races that changed) in one transaction.</summary>
    public async Task WriteAsync(string meetId, JobGrainRecord job, IReadOnlyCollection<RaceSummary> races, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using (var command = new NpgsqlCommand(UpsertJob, connection, transaction))
        {
            AddJob(command.Parameters, meetId, job);
            await command.ExecuteNonQueryAsync(ct);
        }

        if (races.Count > 0)
        {
            await using var command = new NpgsqlCommand(UpsertRaces, connection, transaction);
            command.Parameters.AddWithValue("meet", meetId);
            command.Parameters.AddWithValue("job", job.JobId);
            command.Parameters.Add(new NpgsqlParameter("races", NpgsqlDbType.Jsonb) { Value = JsonSerializer.Serialize(races.Select(RaceRow.From), SnakeCase) });
            await command.ExecuteNonQueryAsync(ct);
        }

        await transaction.CommitAsync(ct);
    }

    /// <summary>Adds one failed attempt to the race's error history (what operators read beside the grain's own list).</summary>
    public async Task RecordErrorAsync(string meetId, string raceId, Guid jobId, RaceError error, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(
            "INSERT INTO race_grain_errors (job_id, meet_id, race_id, phase, attempt, silo_id, message, occurred_at) " +
            "SELECT @job, @meet, @race, @phase, @attempt, @silo, @message, @at WHERE EXISTS (SELECT 1 FROM import_jobs WHERE id = @job)");
        command.Parameters.AddWithValue("job", jobId);
        command.Parameters.AddWithValue("meet", meetId);
        command.Parameters.AddWithValue("race", raceId);
        command.Parameters.AddWithValue("phase", error.Phase);
        command.Parameters.AddWithValue("attempt", error.Attempt);
        command.Parameters.AddWithValue("silo", error.SiloId);
        command.Parameters.AddWithValue("message", error.Message);
        command.Parameters.AddWithValue("at", error.OccurredAt);
        await command.ExecuteNonQueryAsync(ct);
    }

    private static void AddJob(NpgsqlParameterCollection parameters, string meetId, JobGrainRecord job)
    {
        var races = JobRules.CountRaces(job);
        var rows = JobRules.CountRows(job);
        parameters.AddWithValue("id", job.JobId);
        parameters.AddWithValue("meet", meetId);
        parameters.AddWithValue("kind", job.Kind);
        parameters.AddWithValue("status", job.Status.Name());
        parameters.AddWithValue("auto_import", job.AutoImport);
        parameters.AddWithValue("directory_path", (object?)job.DirectoryPath ?? DBNull.Value);
        parameters.AddWithValue("choices", job.Choices is null ? DBNull.Value : JsonSerializer.Serialize(job.Choices));
        parameters.AddWithValue("message", (object?)job.Message ?? DBNull.Value);
        parameters.AddWithValue("last_error", (object?)job.LastError ?? DBNull.Value);
        parameters.AddWithValue("races_total", races.Total);
        parameters.AddWithValue("races_pending", races.Pending);
        parameters.AddWithValue("races_scraping", races.Scraping);
        parameters.AddWithValue("races_scraped", races.Scraped);
        parameters.AddWithValue("races_importing", races.Importing);
        parameters.AddWithValue("races_imported", races.Imported);
        parameters.AddWithValue("races_failed", races.Failed);
        parameters.AddWithValue("races_cancelled", races.Cancelled);
        parameters.AddWithValue("rows_read", rows.Read);
        parameters.AddWithValue("rows_inserted", rows.Inserted);
        parameters.AddWithValue("rows_already_present", rows.AlreadyPresent);
        parameters.AddWithValue("rows_updated", rows.Updated);
        parameters.AddWithValue("rows_rejected", rows.Rejected);
        parameters.AddWithValue("rows_flagged", rows.Flagged);
        parameters.AddWithValue("unassigned_rejected", job.UnassignedRejected);
        parameters.AddWithValue("meet_step", job.MeetStep.Name());
        parameters.AddWithValue("meet_step_runs", job.MeetStepRuns);
        parameters.AddWithValue("created_at", job.CreatedAt);
        parameters.AddWithValue("scraping_started_at", (object?)job.ScrapingStartedAt ?? DBNull.Value);
        parameters.AddWithValue("scraping_finished_at", (object?)job.ScrapingFinishedAt ?? DBNull.Value);
        parameters.AddWithValue("importing_started_at", (object?)job.ImportingStartedAt ?? DBNull.Value);
        parameters.AddWithValue("importing_finished_at", (object?)job.ImportingFinishedAt ?? DBNull.Value);
        parameters.AddWithValue("finished_at", (object?)job.FinishedAt ?? DBNull.Value);
        parameters.AddWithValue("version", job.Version);
    }

    private static readonly JsonSerializerOptions SnakeCase = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>One race_grains row as JSON for jsonb_to_recordset (snake_case names, the table's phase names).</summary>
    private sealed record RaceRow(
        string RaceId,
        string Title,
        string Phase,
        string? NextStep,
        int Attempt,
        string? Silo,
        DateTimeOffset? ScrapeStartedAt,
        DateTimeOffset? ScrapeFinishedAt,
        DateTimeOffset? ImportStartedAt,
        DateTimeOffset? ImportFinishedAt,
        int RowsRead,
        int RowsInserted,
        int RowsAlreadyPresent,
        int RowsUpdated,
        int RowsRejected,
        int RowsFlagged,
        string? LastError,
        long Version)
    {
        public static RaceRow From(RaceSummary r) => new(
            r.RaceId, r.Title, r.Phase.Name(), r.NextStep?.Name(), r.Attempt, r.Silo,
            r.Timings.ScrapeStartedAt, r.Timings.ScrapeFinishedAt, r.Timings.ImportStartedAt, r.Timings.ImportFinishedAt,
            r.Rows.Read, r.Rows.Inserted, r.Rows.AlreadyPresent, r.Rows.Updated, r.Rows.Rejected, r.Rows.Flagged, r.LastError, r.Sequence);
    }
}
