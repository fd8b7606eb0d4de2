using Npgsql;
using XcAspire.Silo.Grains.Contracts;

namespace XcAspire.Api.Data;

/// <summary>
/// The job table the MeetGrains keep in step with their state: lists of jobs, and which meet a job
/// belongs to (the status endpoint takes only the job id). A job's own answers come from its grain.
/// </summary>
public sealed class JobReadModel(NpgsqlDataSource dataSource)
{
    private const string JobColumns = """
        id, meet_id, kind, status, auto_import, directory_path, message, last_error,
        races_total, races_pending, races_scraping, races_scraped, races_importing, races_imported, races_failed, races_cancelled,
        rows_read, rows_inserted, rows_already_present, rows_updated, rows_rejected, rows_flagged,
        meet_step, meet_step_runs, created_at, scraping_started_at, scraping_finished_at, importing_started_at,
        importing_finished_at, finished_at, version
        """;

    /// <summary>The job as its row says, or null when there is no such job.</summary>
    public async Task<MeetGrainState?> GetJobAsync(Guid jobId, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand($"SELECT {JobColumns} FROM import_jobs WHERE id = @job");
        command.Parameters.AddWithValue("job", jobId);
        return (await ReadJobsAsync(command, ct)).FirstOrDefault();
    }

    /// <summary>Jobs, newest first, optionally only those in one status.</summary>
    public async Task<IReadOnlyList<MeetGrainState>> ListJobsAsync(JobStatus? status, int limit, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(
            $"SELECT {JobColumns} FROM import_jobs WHERE (@status::text IS NULL OR status = @status) ORDER BY created_at DESC LIMIT @limit");
        command.Parameters.AddWithValue("status", (object?)status?.Name() ?? DBNull.Value);
        command.Parameters.AddWithValue("limit", limit);
        return await ReadJobsAsync(command, ct);
    }

    private static async Task<IReadOnlyList<MeetGrainState>> ReadJobsAsync(NpgsqlCommand command, CancellationToken ct)
    {
        var jobs = new List<MeetGrainState>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            jobs.Add(new MeetGrainState(
                reader.GetString(1),
                reader.GetGuid(0),
                reader.GetString(2),
                StateNames.ParseJobStatus(reader.GetString(3)),
                reader.GetBoolean(4),
                NullableString(reader, 5),
                NullableString(reader, 6),
                NullableString(reader, 7),
                new RaceCountsByPhase(
                    reader.GetInt32(8), reader.GetInt32(9), reader.GetInt32(10), reader.GetInt32(11), reader.GetInt32(12),
                    reader.GetInt32(13), reader.GetInt32(14), reader.GetInt32(15)),
                new RowOutcomeCounts(
                    reader.GetInt32(16), reader.GetInt32(17), reader.GetInt32(18), reader.GetInt32(19), reader.GetInt32(20), reader.GetInt32(21)),
                reader.GetString(22),
                reader.GetInt32(23),
                new JobTimings(
                    reader.GetFieldValue<DateTimeOffset>(24), NullableTime(reader, 25), NullableTime(reader, 26), NullableTime(reader, 27),
                    NullableTime(reader, 28), NullableTime(reader, 29)),
                reader.GetInt64(30)));
        }

        return jobs;
    }

    private static string? NullableString(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static DateTimeOffset? NullableTime(NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<DateTimeOffset>(ordinal);
}
