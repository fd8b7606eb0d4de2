using Npgsql;

namespace XcAspire.Silo.Grains;

/// <summary>
/// Prunes what finished jobs no longer need: their staged rows and stored source responses (a season
/// job's too: its team and calendar answers), and rows staged for a job that never started (its
/// MeetGrain refused it). Job rows, race states, error history and reports stay.
/// </summary>
public static class Retention
{
    private const string FinishedJobs =
        "SELECT id FROM import_jobs WHERE finished_at IS NOT NULL AND finished_at < now() - make_interval(days => @days)";

    public static async Task<int> PruneAsync(NpgsqlDataSource dataSource, int days, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var pruned = 0;
        foreach (var table in PrunedTables)
        {
            await using var command = new NpgsqlCommand($"DELETE FROM {table} WHERE job_id IN ({FinishedJobs})", connection, transaction);
            command.Parameters.AddWithValue("days", days);
            pruned += await command.ExecuteNonQueryAsync(ct);
        }

        await using (var seasons = new NpgsqlCommand(
            "DELETE FROM source_responses WHERE job_id IN " +
            "(SELECT id FROM season_jobs WHERE finished_at IS NOT NULL AND finished_at < now() - make_interval(days => @days))",
            connection,
            transaction))
        {
            seasons.Parameters.AddWithValue("days", days);
            pruned += await seasons.ExecuteNonQueryAsync(ct);
        }

        foreach (var table in StagedTables)
        {
            await using var command = new NpgsqlCommand(
                $"DELETE FROM {table} s WHERE s.stored_at < now() - make_interval(days => @days) " +
                "AND NOT EXISTS (SELECT 1 FROM import_jobs j WHERE j.id = s.job_id)",
                connection,
                transaction);
            command.Parameters.AddWithValue("days", days);
            pruned += await command.ExecuteNonQueryAsync(ct);
        }

        await transaction.CommitAsync(ct);
        return pruned;
    }

    /// <summary>Tables holding per-job copies of source data, keyed by <c>job_id</c>.</summary>
    private static readonly string[] PrunedTables = ["job_race_rows", "job_meet_data", "source_responses"];

    /// <summary>Rows staged before a job starts (a folder's rows): a refused job leaves them without a job row.</summary>
    private static readonly string[] StagedTables = ["job_race_rows", "job_meet_data"];
}
