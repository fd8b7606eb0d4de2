using Npgsql;

namespace XcAspire.Silo.Import;

/// <summary>Which meets the database already holds with results (what a season import skips unless asked to re-import).</summary>
public static class ImportedMeets
{
    public static async Task<HashSet<string>> WithResultsAsync(NpgsqlDataSource dataSource, IReadOnlyCollection<string> meetIds, CancellationToken ct)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        if (meetIds.Count == 0)
        {
            return found;
        }

        await using var command = dataSource.CreateCommand(
            "SELECT m.athletic_net_id FROM meets m WHERE m.athletic_net_id = ANY(@ids) AND EXISTS (SELECT 1 FROM results r WHERE r.meet_id = m.id)");
        command.Parameters.AddWithValue("ids", meetIds.ToArray());
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            found.Add(reader.GetString(0));
        }

        return found;
    }
}
