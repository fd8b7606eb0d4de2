using Npgsql;

namespace XcAspire.Silo.Import.Reports;

public sealed record ReconciliationItem(string Category, string AthleteName, string RaceId, int TimeCs, string? Detail);

public sealed record ReconciliationCategory(string Category, int Count, IReadOnlyList<ReconciliationItem> Items);

/// <summary>A job's reconciliation report: the totals and each category with its items.</summary>
public sealed record ReconciliationReport(
    Guid JobId, string MeetId, int SourceRows, int DatabaseRows, int MatchedRows, int ElapsedMs, DateTimeOffset ReconciledAt,
    IReadOnlyList<ReconciliationCategory> Categories);

/// <summary>One input row a person may need to look at: rejected, updated or flagged, with where it came from.</summary>
public sealed record RowOutcomeItem(
    string Outcome, bool Flagged, string? RaceId, string SourceFile, int SourceLine, string? Reason, string? AthleteName, int? TimeCs, int? OldTimeCs,
    string? RawText);

public sealed record RaceOutcomeCounts(string RaceId, int Read, int Inserted, int AlreadyPresent, int Updated, int Rejected, int Flagged);

/// <summary>Reads what the import stored for a job, for the API.</summary>
public static class ImportReports
{
    /// <summary>The job's reconciliation report, or NULL when the meet-level step has not run.</summary>
    public static async Task<ReconciliationReport?> GetReconciliationAsync(NpgsqlDataSource dataSource, Guid jobId, CancellationToken ct = default)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var head = Sql.Command(
            conn, null,
            "SELECT athletic_net_meet_id, source_rows, database_rows, matched_rows, elapsed_ms, reconciled_at FROM import_reconciliations WHERE job_id = @job",
            ("job", jobId));
        string meetId;
        int source, database, matched, elapsed;
        DateTimeOffset at;
        await using (var reader = await head.ExecuteReaderAsync(ct))
        {
            if (!await reader.ReadAsync(ct))
            {
                return null;
            }

            (meetId, source, database, matched, elapsed) = (reader.GetString(0), reader.GetInt32(1), reader.GetInt32(2), reader.GetInt32(3), reader.GetInt32(4));
            at = reader.GetFieldValue<DateTimeOffset>(5);
        }

        var items = new List<ReconciliationItem>();
        await using var list = Sql.Command(
            conn, null,
            "SELECT category, athlete_name, athletic_net_race_id, time_cs, detail FROM import_reconciliation_items WHERE job_id = @job ORDER BY category, athletic_net_race_id, time_cs, id",
            ("job", jobId));
        await using (var reader = await list.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                items.Add(new ReconciliationItem(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3), reader.IsDBNull(4) ? null : reader.GetString(4)));
            }
        }

        var categories = Reconciliation.Reconciler.Categories
            .Select(c => items.Where(i => i.Category == c).ToList() is var inCategory ? new ReconciliationCategory(c, inCategory.Count, inCategory) : null!)
            .ToList();
        return new ReconciliationReport(jobId, meetId, source, database, matched, elapsed, at, categories);
    }

    /// <summary>Every rejected, updated or flagged row of the job, in source order.</summary>
    public static async Task<IReadOnlyList<RowOutcomeItem>> GetOutcomesAsync(NpgsqlDataSource dataSource, Guid jobId, CancellationToken ct = default)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT outcome, flagged, athletic_net_race_id, source_file, source_line, reason, athlete_name, time_cs, old_time_cs, raw_text
            FROM import_row_outcomes WHERE job_id = @job ORDER BY source_file, source_line, id
            """);
        command.Parameters.AddWithValue("job", jobId);
        var rows = new List<RowOutcomeItem>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            rows.Add(new RowOutcomeItem(
                reader.GetString(0), reader.GetBoolean(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetString(3), reader.GetInt32(4),
                reader.IsDBNull(5) ? null : reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetString(6),
                reader.IsDBNull(7) ? null : reader.GetInt32(7), reader.IsDBNull(8) ? null : reader.GetInt32(8), reader.IsDBNull(9) ? null : reader.GetString(9)));
        }

        return rows;
    }

    /// <summary>The job's counts per race (the four outcomes add up to the rows read).</summary>
    public static async Task<IReadOnlyList<RaceOutcomeCounts>> GetRaceCountsAsync(NpgsqlDataSource dataSource, Guid jobId, CancellationToken ct = default)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT athletic_net_race_id, rows_read, inserted, already_present, updated, rejected, flagged FROM import_race_outcomes WHERE job_id = @job ORDER BY athletic_net_race_id");
        command.Parameters.AddWithValue("job", jobId);
        var rows = new List<RaceOutcomeCounts>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            rows.Add(new RaceOutcomeCounts(reader.GetString(0), reader.GetInt32(1), reader.GetInt32(2), reader.GetInt32(3), reader.GetInt32(4), reader.GetInt32(5), reader.GetInt32(6)));
        }

        return rows;
    }
}
