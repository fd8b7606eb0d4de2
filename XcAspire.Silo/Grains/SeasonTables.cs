using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using XcAspire.Silo.Grains.Contracts;

namespace XcAspire.Silo.Grains;

/// <summary>
/// The read model the SeasonGrains keep in step: one <c>season_jobs</c> row per season job, written after
/// the grain's own state. Every write carries the job's version, so an older write never wins.
/// </summary>
public sealed class SeasonTables(NpgsqlDataSource dataSource)
{
    private const string Upsert = """
        INSERT INTO season_jobs AS s (id, school_id, season_year, team_name, status, reimport, meet_ids, message, last_error,
            meets_total, meets_open, meets_imported, meets_skipped, meets_failed,
            rows_read, rows_inserted, rows_already_present, rows_updated, rows_rejected, rows_flagged,
            meets, warnings, created_at, discovered_at, finished_at, version, updated_at)
        VALUES (@id, @school, @year, @team, @status, @reimport, @meet_ids, @message, @last_error,
            @meets_total, @meets_open, @meets_imported, @meets_skipped, @meets_failed,
            @rows_read, @rows_inserted, @rows_already_present, @rows_updated, @rows_rejected, @rows_flagged,
            @meets, @warnings, @created_at, @discovered_at, @finished_at, @version, now())
        ON CONFLICT (id) DO UPDATE SET team_name = EXCLUDED.team_name, status = EXCLUDED.status, message = EXCLUDED.message,
            last_error = EXCLUDED.last_error, meets_total = EXCLUDED.meets_total, meets_open = EXCLUDED.meets_open,
            meets_imported = EXCLUDED.meets_imported, meets_skipped = EXCLUDED.meets_skipped, meets_failed = EXCLUDED.meets_failed,
            rows_read = EXCLUDED.rows_read, rows_inserted = EXCLUDED.rows_inserted, rows_already_present = EXCLUDED.rows_already_present,
            rows_updated = EXCLUDED.rows_updated, rows_rejected = EXCLUDED.rows_rejected, rows_flagged = EXCLUDED.rows_flagged,
            meets = EXCLUDED.meets, warnings = EXCLUDED.warnings, discovered_at = EXCLUDED.discovered_at,
            finished_at = EXCLUDED.finished_at, version = EXCLUDED.version, updated_at = now()
        WHERE s.version < EXCLUDED.version
        """;

    public async Task WriteAsync(string schoolId, int seasonYear, SeasonJobRecord job, CancellationToken ct)
    {
        var rows = SeasonRules.Results(job);
        await using var command = dataSource.CreateCommand(Upsert);
        var p = command.Parameters;
        p.AddWithValue("id", job.SeasonJobId);
        p.AddWithValue("school", schoolId);
        p.AddWithValue("year", seasonYear);
        p.AddWithValue("team", (object?)job.TeamName ?? DBNull.Value);
        p.AddWithValue("status", job.Status.Name());
        p.AddWithValue("reimport", job.Reimport);
        p.Add(new NpgsqlParameter("meet_ids", NpgsqlDbType.Jsonb) { Value = job.MeetIds is null ? DBNull.Value : JsonSerializer.Serialize(job.MeetIds) });
        p.AddWithValue("message", (object?)job.Message ?? DBNull.Value);
        p.AddWithValue("last_error", (object?)job.LastError ?? DBNull.Value);
        p.AddWithValue("meets_total", job.Meets.Count);
        p.AddWithValue("meets_open", job.Meets.Count(m => m.Phase.IsOpen()));
        p.AddWithValue("meets_imported", job.Meets.Count(m => m.Phase == SeasonMeetPhase.Imported));
        p.AddWithValue("meets_skipped", job.Meets.Count(m => m.Phase.IsSkipped()));
        p.AddWithValue("meets_failed", job.Meets.Count(m => m.Phase.IsError()));
        p.AddWithValue("rows_read", rows.Read);
        p.AddWithValue("rows_inserted", rows.Inserted);
        p.AddWithValue("rows_already_present", rows.AlreadyPresent);
        p.AddWithValue("rows_updated", rows.Updated);
        p.AddWithValue("rows_rejected", rows.Rejected);
        p.AddWithValue("rows_flagged", rows.Flagged);
        p.Add(new NpgsqlParameter("meets", NpgsqlDbType.Jsonb) { Value = SeasonJson.Meets(job.Meets) });
        p.Add(new NpgsqlParameter("warnings", NpgsqlDbType.Jsonb) { Value = JsonSerializer.Serialize(job.Warnings) });
        p.AddWithValue("created_at", job.CreatedAt);
        p.AddWithValue("discovered_at", (object?)job.DiscoveredAt ?? DBNull.Value);
        p.AddWithValue("finished_at", (object?)job.FinishedAt ?? DBNull.Value);
        p.AddWithValue("version", job.Version);
        await command.ExecuteNonQueryAsync(ct);
    }
}
