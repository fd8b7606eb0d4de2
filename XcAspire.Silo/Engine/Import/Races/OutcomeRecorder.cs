using Npgsql;
using XcAspire.Silo.Grains.Contracts;

namespace XcAspire.Silo.Import.Races;

/// <summary>
/// Counts the staged rows' outcomes and stores them with the job: the race's counts, and one row
/// for every rejected, updated or flagged input row (inserted and already-present rows are counted only).
/// </summary>
internal static class OutcomeRecorder
{
    public static async Task<RowOutcomeCounts> CountAsync(NpgsqlConnection conn, NpgsqlTransaction tx, CancellationToken ct)
    {
        await using var command = Sql.Command(
            conn,
            tx,
            """
            SELECT count(*)::int,
                   count(*) FILTER (WHERE outcome = 'inserted')::int,
                   count(*) FILTER (WHERE outcome = 'already_present')::int,
                   count(*) FILTER (WHERE outcome = 'updated')::int,
                   count(*) FILTER (WHERE outcome = 'rejected')::int,
                   count(*) FILTER (WHERE flag_reason IS NOT NULL AND outcome <> 'rejected')::int,
                   count(*) FILTER (WHERE outcome IS NULL)::int,
                   min(src_file || ':' || src_line) FILTER (WHERE outcome IS NULL)
            FROM xc_stage
            """);
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        if (reader.GetInt32(6) > 0)
        {
            // Never report a partial import as done: the caller's transaction rolls back.
            throw new InvalidOperationException($"{reader.GetInt32(6)} rows ended without an outcome (first: {reader.GetString(7)})");
        }

        return new RowOutcomeCounts(reader.GetInt32(0), reader.GetInt32(1), reader.GetInt32(2), reader.GetInt32(3), reader.GetInt32(4), reader.GetInt32(5));
    }

    public static Task StoreAsync(
        NpgsqlConnection conn, NpgsqlTransaction tx, Guid jobId, string athleticNetRaceId, RowOutcomeCounts counts, CancellationToken ct) =>
        Sql.BatchAsync(
            conn,
            tx,
            [
                "DELETE FROM import_row_outcomes WHERE job_id = @job AND athletic_net_race_id = @race",
                """
                INSERT INTO import_row_outcomes (job_id, athletic_net_race_id, source_file, source_line, outcome, flagged, reason,
                    athlete_name, time_cs, old_time_cs, raw_text)
                SELECT @job, @race, src_file, src_line, outcome, flag_reason IS NOT NULL AND outcome <> 'rejected',
                       CASE WHEN outcome = 'rejected' THEN reject_reason ELSE concat_ws('; ', reason, flag_reason) END,
                       athlete_name, time_cs, old_time_cs, raw_text
                FROM xc_stage
                WHERE outcome IN ('rejected', 'updated') OR flag_reason IS NOT NULL
                ORDER BY ord
                """,
                """
                INSERT INTO import_race_outcomes (job_id, athletic_net_race_id, rows_read, inserted, already_present, updated, rejected, flagged)
                VALUES (@job, @race, @read, @inserted, @present, @updated, @rejected, @flagged)
                ON CONFLICT (job_id, athletic_net_race_id) DO UPDATE SET rows_read = EXCLUDED.rows_read, inserted = EXCLUDED.inserted,
                    already_present = EXCLUDED.already_present, updated = EXCLUDED.updated, rejected = EXCLUDED.rejected,
                    flagged = EXCLUDED.flagged, imported_at = now()
                """,
            ],
            ct,
            ("job", jobId), ("race", athleticNetRaceId), ("read", counts.Read), ("inserted", counts.Inserted), ("present", counts.AlreadyPresent),
            ("updated", counts.Updated), ("rejected", counts.Rejected), ("flagged", counts.Flagged));
}
