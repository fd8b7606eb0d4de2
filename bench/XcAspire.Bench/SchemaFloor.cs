using System.Diagnostics;
using Npgsql;

namespace XcAspire.Bench;

/// <summary>
/// The writes alone: every row the import left in the domain tables, written again by plain
/// INSERT … SELECT (one statement per table, one connection) into the same tables with their indexes,
/// foreign keys and checks. No reading, matching, merging, reconciliation or ranking: the fastest this
/// schema can take the meet on this machine, whatever the engine does. Runs in a transaction that
/// empties the tables first and is rolled back, so the imported data stays as it was.
/// </summary>
internal static class SchemaFloor
{
    // Parents before the tables that reference them.
    private static readonly string[] Tables =
    [
        "athletes", "results", "non_finishers", "potential_duplicate_athletes", "potential_duplicates",
        "athlete_best_times", "course_records", "school_hall_of_fame", "school_course_records",
    ];

    public static async Task<TimeSpan> MeasureAsync(NpgsqlDataSource dataSource)
    {
        await using var conn = await dataSource.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        foreach (var table in Tables)
        {
            await ExecAsync(conn, tx, $"CREATE TEMP TABLE floor_{table} ON COMMIT DROP AS SELECT * FROM {table}");
        }

        await ExecAsync(conn, tx, $"TRUNCATE {string.Join(", ", Tables)}");
        var watch = Stopwatch.StartNew();
        foreach (var table in Tables)
        {
            await ExecAsync(conn, tx, $"INSERT INTO {table} SELECT * FROM floor_{table}");
        }

        var elapsed = watch.Elapsed;
        await tx.RollbackAsync();
        return elapsed;
    }

    private static async Task ExecAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string sql)
    {
        await using var command = new NpgsqlCommand(sql, conn, tx);
        await command.ExecuteNonQueryAsync();
    }
}
