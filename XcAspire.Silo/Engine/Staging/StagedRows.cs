using System.Text.Json;
using System.Text.Json.Serialization;
using Npgsql;
using NpgsqlTypes;
using XcAspire.Silo.MeetData;

namespace XcAspire.Silo.Staging;

/// <summary>
/// The rows a race imports from, durable in PostgreSQL so any silo can import any race: the meet-level
/// part of a snapshot once per job, and each race's rows on their own. Written by the scrape step (or
/// when a folder job starts), read by the import step.
/// </summary>
public static class StagedRows
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    public static async Task SaveMeetAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Guid jobId, MeetSnapshot snapshot, CancellationToken ct)
    {
        // The meet-level part only: each race's rows go in their own row.
        var meetPart = snapshot with { Results = [], Rejected = snapshot.Rejected.Where(r => r.AthleticNetRaceId is null).ToList() };
        await using var command = new NpgsqlCommand(
            "INSERT INTO job_meet_data (job_id, meet) VALUES (@job, @meet) ON CONFLICT (job_id) DO UPDATE SET meet = EXCLUDED.meet, stored_at = now()",
            connection, transaction);
        command.Parameters.AddWithValue("job", jobId);
        command.Parameters.Add(new NpgsqlParameter("meet", NpgsqlDbType.Jsonb) { Value = JsonSerializer.Serialize(meetPart, Json) });
        await command.ExecuteNonQueryAsync(ct);
    }

    public static async Task SaveRaceAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        Guid jobId,
        RaceRecord race,
        IReadOnlyList<ResultRecord> results,
        IReadOnlyList<RejectedRow> rejected,
        CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            """
            INSERT INTO job_race_rows (job_id, race_id, race, results, rejected, row_count)
            VALUES (@job, @race_id, @race, @results, @rejected, @row_count)
            ON CONFLICT (job_id, race_id) DO UPDATE SET race = EXCLUDED.race, results = EXCLUDED.results,
                rejected = EXCLUDED.rejected, row_count = EXCLUDED.row_count, stored_at = now()
            """,
            connection,
            transaction);
        command.Parameters.AddWithValue("job", jobId);
        command.Parameters.AddWithValue("race_id", race.AthleticNetRaceId);
        command.Parameters.Add(new NpgsqlParameter("race", NpgsqlDbType.Jsonb) { Value = JsonSerializer.Serialize(race, Json) });
        command.Parameters.Add(new NpgsqlParameter("results", NpgsqlDbType.Jsonb) { Value = JsonSerializer.Serialize(results, Json) });
        command.Parameters.Add(new NpgsqlParameter("rejected", NpgsqlDbType.Jsonb) { Value = JsonSerializer.Serialize(rejected, Json) });
        command.Parameters.AddWithValue("row_count", results.Count + rejected.Count);
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Saves a whole snapshot: the meet part and every race's rows (a folder job's start).</summary>
    public static async Task SaveSnapshotAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Guid jobId, MeetSnapshot snapshot, CancellationToken ct)
    {
        await SaveMeetAsync(connection, transaction, jobId, snapshot, ct);
        var results = snapshot.Results.ToLookup(r => r.AthleticNetRaceId);
        var rejected = snapshot.Rejected.Where(r => r.AthleticNetRaceId is not null).ToLookup(r => r.AthleticNetRaceId!);
        foreach (var race in snapshot.Races)
        {
            await SaveRaceAsync(
                connection, transaction, jobId, race, results[race.AthleticNetRaceId].ToList(), rejected[race.AthleticNetRaceId].ToList(), ct);
        }
    }

    public static async Task<MeetSnapshot?> LoadMeetAsync(NpgsqlDataSource dataSource, Guid jobId, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand("SELECT meet::text FROM job_meet_data WHERE job_id = @job");
        command.Parameters.AddWithValue("job", jobId);
        return await command.ExecuteScalarAsync(ct) is string json ? JsonSerializer.Deserialize<MeetSnapshot>(json, Json) : null;
    }

    /// <summary>The meet part plus one race and its rows, or null when the race's rows were never stored.</summary>
    public static async Task<MeetSnapshot?> LoadRaceAsync(NpgsqlDataSource dataSource, Guid jobId, string raceId, CancellationToken ct)
    {
        var meet = await LoadMeetAsync(dataSource, jobId, ct);
        if (meet is null)
        {
            return null;
        }

        await using var command = dataSource.CreateCommand(
            "SELECT race::text, results::text, rejected::text FROM job_race_rows WHERE job_id = @job AND race_id = @race");
        command.Parameters.AddWithValue("job", jobId);
        command.Parameters.AddWithValue("race", raceId);
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
        {
            return null;
        }

        var race = JsonSerializer.Deserialize<RaceRecord>(reader.GetString(0), Json)!;
        var results = JsonSerializer.Deserialize<List<ResultRecord>>(reader.GetString(1), Json)!;
        var rejected = JsonSerializer.Deserialize<List<RejectedRow>>(reader.GetString(2), Json)!;
        return meet with { Races = [race], Results = results, Rejected = rejected };
    }

    /// <summary>Every stored row of a job (the meet part with all its races), or null when nothing was stored.</summary>
    public static async Task<MeetSnapshot?> LoadJobAsync(NpgsqlDataSource dataSource, Guid jobId, CancellationToken ct)
    {
        var meet = await LoadMeetAsync(dataSource, jobId, ct);
        if (meet is null)
        {
            return null;
        }

        await using var command = dataSource.CreateCommand(
            "SELECT race::text, results::text, rejected::text FROM job_race_rows WHERE job_id = @job ORDER BY race_id");
        command.Parameters.AddWithValue("job", jobId);
        var races = new List<RaceRecord>();
        var results = new List<ResultRecord>();
        var rejected = new List<RejectedRow>(meet.Rejected);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            races.Add(JsonSerializer.Deserialize<RaceRecord>(reader.GetString(0), Json)!);
            results.AddRange(JsonSerializer.Deserialize<List<ResultRecord>>(reader.GetString(1), Json)!);
            rejected.AddRange(JsonSerializer.Deserialize<List<RejectedRow>>(reader.GetString(2), Json)!);
        }

        // Races listed by the meet but never stored keep their place (a failed scrape has no rows).
        var stored = races.Select(r => r.AthleticNetRaceId).ToHashSet(StringComparer.Ordinal);
        races.AddRange(meet.Races.Where(r => !stored.Contains(r.AthleticNetRaceId)));
        return meet with { Races = races, Results = results, Rejected = rejected };
    }
}
