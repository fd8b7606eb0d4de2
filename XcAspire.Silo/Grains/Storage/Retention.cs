using Npgsql;

namespace XcAspire.Silo.Grains.Storage;

/// <summary>
/// Prunes what finished jobs no longer need: their staged rows and stored source responses. Job
/// rows, race states, error history and reports stay.
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

        await transaction.CommitAsync(ct);
        return pruned;
    }

    /// <summary>Tables holding per-job copies of source data, keyed by <c>job_id</c>.</summary>
    private static readonly string[] PrunedTables = ["job_race_rows", "job_meet_data", "source_responses"];
}
