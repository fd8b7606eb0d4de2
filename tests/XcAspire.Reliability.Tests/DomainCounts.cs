using Npgsql;

namespace XcAspire.Reliability.Tests;

/// <summary>Row counts of every table an import writes: equal before and after means nothing was half-written.</summary>
public static class DomainCounts
{
    private static readonly string[] Tables =
        ["venues", "courses", "schools", "athletes", "meets", "races", "results", "non_finishers", "potential_duplicates", "potential_duplicate_athletes"];

    public static async Task<IReadOnlyDictionary<string, long>> CaptureAsync(NpgsqlDataSource dataSource)
    {
        var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var table in Tables)
        {
            await using var command = dataSource.CreateCommand($"SELECT count(*) FROM {table}");
            counts[table] = (long)(await command.ExecuteScalarAsync())!;
        }

        return counts;
    }
}
