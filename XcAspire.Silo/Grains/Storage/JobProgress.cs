using Npgsql;

namespace XcAspire.Silo.Grains.Storage;

/// <summary>
/// Recomputes a job's status and counts from its races, inside the transaction that changed a race.
/// The job row is locked first, in its own statement: under READ COMMITTED the counting statement
/// that follows then sees every race change committed before the lock was granted, so when the last
/// two races end at once on two silos, the second to commit sees both and marks the meet step due —
/// exactly once, since it moves 'none' to 'due' only under that lock.
/// </summary>
public static class JobProgress
{
    public const string WorkChannel = "xc_work";

    // NO KEY UPDATE: serialises recomputes without conflicting with the KEY SHARE locks that inserts
    // referencing the job (error rows, staged rows) take; FOR UPDATE would deadlock two such transactions.
    private const string LockJob = "SELECT 1 FROM import_jobs WHERE id = @job FOR NO KEY UPDATE";

    private const string Recompute = """
        WITH c AS (
            SELECT count(*)::int AS total,
                   count(*) FILTER (WHERE phase = 'pending')::int AS pending,
                   count(*) FILTER (WHERE phase = 'scraping')::int AS scraping,
                   count(*) FILTER (WHERE phase = 'scraped')::int AS scraped,
                   count(*) FILTER (WHERE phase = 'scraped' AND next_step = 'import')::int AS import_due,
                   count(*) FILTER (WHERE phase = 'importing')::int AS importing,
                   count(*) FILTER (WHERE phase = 'imported')::int AS imported,
                   count(*) FILTER (WHERE phase = 'failed')::int AS failed,
                   count(*) FILTER (WHERE phase = 'cancelled')::int AS cancelled,
                   coalesce(sum(rows_read), 0)::int AS rows_read,
                   coalesce(sum(rows_inserted), 0)::int AS rows_inserted,
                   coalesce(sum(rows_already_present), 0)::int AS rows_already_present,
                   coalesce(sum(rows_updated), 0)::int AS rows_updated,
                   coalesce(sum(rows_rejected), 0)::int AS rows_rejected,
                   coalesce(sum(rows_flagged), 0)::int AS rows_flagged
            FROM race_grains WHERE job_id = @job),
        s AS (
            SELECT c.*,
                   CASE
                       WHEN j.status IN ('cancelled', 'error') THEN j.status
                       WHEN c.pending = c.total AND c.total > 0 THEN 'pending'
                       WHEN c.pending + c.scraping > 0 THEN 'scraping'
                       WHEN c.importing + c.import_due > 0 THEN 'importing'
                       WHEN c.scraped > 0 THEN 'scraping_complete'
                       WHEN c.imported > 0 AND j.meet_step <> 'done' THEN 'importing'
                       WHEN c.failed = 0 AND c.cancelled = 0 THEN 'importing_complete'
                       ELSE 'completed_with_errors'
                   END AS new_status,
                   CASE
                       WHEN j.status NOT IN ('cancelled', 'error') AND j.meet_step = 'none' AND c.imported > 0
                            AND c.pending + c.scraping + c.scraped + c.importing = 0 THEN 'due'
                       ELSE j.meet_step
                   END AS new_meet_step,
                   j.meet_step AS old_meet_step
            FROM c, import_jobs j WHERE j.id = @job)
        UPDATE import_jobs j SET
            races_total = s.total, races_pending = s.pending, races_scraping = s.scraping, races_scraped = s.scraped,
            races_importing = s.importing, races_imported = s.imported, races_failed = s.failed, races_cancelled = s.cancelled,
            rows_read = s.rows_read + j.unassigned_rejected, rows_inserted = s.rows_inserted,
            rows_already_present = s.rows_already_present, rows_updated = s.rows_updated,
            rows_rejected = s.rows_rejected + j.unassigned_rejected, rows_flagged = s.rows_flagged,
            status = s.new_status,
            meet_step = s.new_meet_step,
            meet_step_scheduled_at = CASE WHEN s.new_meet_step = 'due' AND s.old_meet_step = 'none' THEN now() + @clock_offset
                                          ELSE j.meet_step_scheduled_at END,
            meet_step_attempt = CASE WHEN s.new_meet_step = 'due' AND s.old_meet_step = 'none' THEN 0 ELSE j.meet_step_attempt END,
            scraping_started_at = CASE WHEN j.kind = 'scrape' AND s.pending < s.total THEN coalesce(j.scraping_started_at, now()) END,
            scraping_finished_at = CASE WHEN j.kind = 'scrape' AND s.pending + s.scraping = 0 THEN coalesce(j.scraping_finished_at, clock_timestamp()) END,
            importing_started_at = CASE WHEN s.importing + s.imported > 0 THEN coalesce(j.importing_started_at, now()) END,
            importing_finished_at = CASE WHEN s.new_status IN ('importing_complete', 'completed_with_errors') THEN coalesce(j.importing_finished_at, clock_timestamp()) END,
            finished_at = CASE WHEN s.new_status IN ('importing_complete', 'completed_with_errors', 'error', 'cancelled')
                               THEN coalesce(j.finished_at, clock_timestamp()) END,
            message = CASE s.new_status
                          WHEN 'pending' THEN 'Waiting for a silo'
                          WHEN 'scraping' THEN format('Scraping: %s of %s races scraped', s.scraped + s.importing + s.imported, s.total)
                          WHEN 'scraping_complete' THEN format('Scraped %s of %s races; ready to import', s.scraped, s.total)
                          WHEN 'importing' THEN CASE WHEN s.new_meet_step IN ('due', 'running') THEN 'Reconciling and rebuilding derived data'
                                                     ELSE format('Importing: %s of %s races imported', s.imported, s.total) END
                          WHEN 'importing_complete' THEN format('Imported %s races, %s rows', s.imported, s.rows_read)
                          WHEN 'completed_with_errors' THEN format('Imported %s of %s races; %s failed, %s cancelled', s.imported, s.total, s.failed, s.cancelled)
                          ELSE j.message
                      END,
            version = j.version + 1,
            updated_at = now()
        FROM s WHERE j.id = @job
        RETURNING s.new_meet_step = 'due' AND s.old_meet_step = 'none'
        """;

    /// <summary>Recomputes the job; wakes idle silos (on commit) when its meet step just became due.</summary>
    public static async Task RecomputeAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Guid jobId, TimeSpan clockOffset, CancellationToken ct)
    {
        await using (var lockJob = new NpgsqlCommand(LockJob, connection, transaction))
        {
            lockJob.Parameters.AddWithValue("job", jobId);
            await lockJob.ExecuteNonQueryAsync(ct);
        }

        await using var recompute = new NpgsqlCommand(Recompute, connection, transaction);
        recompute.Parameters.AddWithValue("job", jobId);
        recompute.Parameters.AddWithValue("clock_offset", clockOffset);
        var becameDue = await recompute.ExecuteScalarAsync(ct) is true;
        if (becameDue)
        {
            await NotifyAsync(connection, transaction, ct);
        }
    }

    /// <summary>NOTIFY inside a transaction is delivered when it commits, never for a rollback.</summary>
    public static async Task NotifyAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, CancellationToken ct)
    {
        await using var notify = new NpgsqlCommand($"SELECT pg_notify('{WorkChannel}', '')", connection, transaction);
        await notify.ExecuteNonQueryAsync(ct);
    }
}
