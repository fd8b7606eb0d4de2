using Npgsql;
using XcAspire.Silo.MeetData;

namespace XcAspire.Silo.Import;

/// <summary>
/// The races of a meet whose ids another meet already owns. A folder or job naming one would move that
/// race (and orphan its results) if it were imported; the importer rejects such a race's rows, and a
/// folder holding one is refused before anything of it is written.
/// </summary>
public static class RaceOwnership
{
    /// <summary>"race 1001000 belongs to meet 900001 (Example Valley Invitational)", one per conflicting race, in race order.</summary>
    public static async Task<IReadOnlyList<string>> ConflictsAsync(NpgsqlDataSource dataSource, MeetSnapshot meet, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT r.athletic_net_race_id, m.athletic_net_id, m.name
            FROM races r JOIN meets m ON m.id = r.meet_id
            WHERE r.athletic_net_race_id = ANY(@races) AND m.athletic_net_id IS DISTINCT FROM @meet
            ORDER BY r.athletic_net_race_id
            """);
        command.Parameters.AddWithValue("races", meet.Races.Select(r => r.AthleticNetRaceId).ToArray());
        command.Parameters.AddWithValue("meet", meet.Meet.AthleticNetMeetId);
        var conflicts = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var owner = reader.IsDBNull(1) ? "without an Athletic.net id" : reader.GetString(1);
            conflicts.Add($"race {reader.GetString(0)} belongs to meet {owner} ({reader.GetString(2)})");
        }

        return conflicts;
    }
}
