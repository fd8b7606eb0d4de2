using System.Text.Json;
using Npgsql;
using XcAspire.Silo.Grains.Contracts;

namespace XcAspire.Api.Data;

/// <summary>
/// The season job table the SeasonGrains keep in step: which school and year a season job id belongs to
/// (the status endpoint takes only the id), the list of season jobs, and what a preview needs to know
/// about meets' current jobs.
/// </summary>
public sealed class SeasonReadModel(NpgsqlDataSource dataSource)
{
    private const string Columns = """
        id, school_id, season_year, team_name, status, reimport, meet_ids, message, last_error, meets, warnings,
        rows_read, rows_inserted, rows_already_present, rows_updated, rows_rejected, rows_flagged,
        created_at, discovered_at, finished_at, version
        """;

    public async Task<SeasonJobState?> GetAsync(Guid seasonJobId, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM season_jobs WHERE id = @id");
        command.Parameters.AddWithValue("id", seasonJobId);
        return (await ReadAsync(command, ct)).FirstOrDefault();
    }

    public async Task<IReadOnlyList<SeasonJobState>> ListAsync(SeasonStatus? status, int limit, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(
            $"SELECT {Columns} FROM season_jobs WHERE (@status::text IS NULL OR status = @status) ORDER BY created_at DESC LIMIT @limit");
        command.Parameters.AddWithValue("status", (object?)status?.Name() ?? DBNull.Value);
        command.Parameters.AddWithValue("limit", limit);
        return await ReadAsync(command, ct);
    }

    /// <summary>The active import job of each of these meets that has one (the job table's view, for a preview).</summary>
    public async Task<IReadOnlyDictionary<string, Guid>> ActiveJobsAsync(IReadOnlyCollection<string> meetIds, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT DISTINCT ON (meet_id) meet_id, id FROM import_jobs
            WHERE meet_id = ANY(@ids) AND status IN ('pending', 'scraping', 'scraping_complete', 'importing')
            ORDER BY meet_id, created_at DESC
            """);
        command.Parameters.AddWithValue("ids", meetIds.ToArray());
        var jobs = new Dictionary<string, Guid>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            jobs[reader.GetString(0)] = reader.GetGuid(1);
        }

        return jobs;
    }

    private static async Task<IReadOnlyList<SeasonJobState>> ReadAsync(NpgsqlCommand command, CancellationToken ct)
    {
        var seasons = new List<SeasonJobState>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            seasons.Add(new SeasonJobState(
                reader.GetGuid(0),
                reader.GetString(1),
                reader.GetInt32(2),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                SeasonStateNames.ParseSeasonStatus(reader.GetString(4)),
                reader.GetBoolean(5),
                reader.IsDBNull(6) ? null : JsonSerializer.Deserialize<List<string>>(reader.GetString(6)),
                reader.IsDBNull(7) ? null : reader.GetString(7),
                reader.IsDBNull(8) ? null : reader.GetString(8),
                SeasonJson.ReadMeets(reader.GetString(9)),
                new RowOutcomeCounts(reader.GetInt32(11), reader.GetInt32(12), reader.GetInt32(13), reader.GetInt32(14), reader.GetInt32(15), reader.GetInt32(16)),
                JsonSerializer.Deserialize<List<string>>(reader.GetString(10)) ?? [],
                reader.GetFieldValue<DateTimeOffset>(17),
                reader.IsDBNull(18) ? null : reader.GetFieldValue<DateTimeOffset>(18),
                reader.IsDBNull(19) ? null : reader.GetFieldValue<DateTimeOffset>(19),
                reader.GetInt64(20)));
        }

        return seasons;
    }
}
