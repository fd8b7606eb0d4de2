using Npgsql;
using XcAspire.Silo.Grains.Contracts;

namespace XcAspire.Silo.Grains.Storage;

/// <summary>The operator's view: a meet's grain state with every race, one job, the silo list.</summary>
public sealed class GrainQueries(NpgsqlDataSource dataSource)
{
    private const string JobColumns = """
        id, meet_id, kind, status, auto_import, directory_path, message, last_error,
        races_total, races_pending, races_scraping, races_scraped, races_importing, races_imported, races_failed, races_cancelled,
        rows_read, rows_inserted, rows_already_present, rows_updated, rows_rejected, rows_flagged,
        meet_step, meet_step_runs, created_at, scraping_started_at, scraping_finished_at, importing_started_at,
        importing_finished_at, finished_at, version
        """;

    private const string RaceColumns = """
        meet_id, race_id, job_id, title, phase, next_step, scheduled_at, attempt, lease_owner, lease_expires_at,
        scrape_started_at, scrape_finished_at, import_started_at, import_finished_at,
        rows_read, rows_inserted, rows_already_present, rows_updated, rows_rejected, rows_flagged, last_error, version
        """;

    /// <summary>The meet's current job: the active one, else the latest.</summary>
    public async Task<MeetGrainState?> GetMeetAsync(string meetId, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(
            $"SELECT {JobColumns} FROM import_jobs WHERE meet_id = @meet " +
            "ORDER BY status IN ('pending', 'scraping', 'scraping_complete', 'importing') DESC, created_at DESC LIMIT 1");
        command.Parameters.AddWithValue("meet", meetId);
        return (await ReadJobsAsync(command, ct)).FirstOrDefault();
    }

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

    /// <summary>Every race of a job, with its error history.</summary>
    public async Task<IReadOnlyList<RaceGrainState>> GetRacesAsync(Guid jobId, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand($"SELECT {RaceColumns} FROM race_grains WHERE job_id = @job ORDER BY race_id");
        command.Parameters.AddWithValue("job", jobId);
        var races = await ReadRacesAsync(command, ct);
        var errors = await ReadErrorsAsync("job_id = @job", ("job", jobId), ct);
        return races.Select(r => r with { Errors = errors[r.RaceId].ToList() }).ToList();
    }

    public async Task<RaceGrainState?> GetRaceAsync(string meetId, string raceId, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand($"SELECT {RaceColumns} FROM race_grains WHERE meet_id = @meet AND race_id = @race");
        command.Parameters.AddWithValue("meet", meetId);
        command.Parameters.AddWithValue("race", raceId);
        var race = (await ReadRacesAsync(command, ct)).FirstOrDefault();
        if (race is null)
        {
            return null;
        }

        var errors = await ReadErrorsAsync("job_id = @job AND race_id = @race", ("job", race.JobId), ct, ("race", raceId));
        return race with { Errors = errors[raceId].ToList() };
    }

    public async Task<IReadOnlyList<SiloInfo>> GetSilosAsync(CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT s.id, s.host, s.pid, s.started_at, s.last_heartbeat_at, s.status, s.stopped_at,
                   (SELECT count(*) FROM race_grains r WHERE r.lease_owner = s.id)::int
                 + (SELECT count(*) FROM import_jobs j WHERE j.lease_owner = s.id)::int
            FROM silos s ORDER BY s.status = 'active' DESC, s.started_at DESC
            """);
        var silos = new List<SiloInfo>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            silos.Add(new SiloInfo(
                reader.GetString(0), reader.GetString(1), reader.GetInt32(2), reader.GetFieldValue<DateTimeOffset>(3),
                reader.GetFieldValue<DateTimeOffset>(4), reader.GetString(5), NullableTime(reader, 6), reader.GetInt32(7)));
        }

        return silos;
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

    private static async Task<IReadOnlyList<RaceGrainState>> ReadRacesAsync(NpgsqlCommand command, CancellationToken ct)
    {
        var races = new List<RaceGrainState>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            races.Add(new RaceGrainState(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetGuid(2),
                reader.GetString(3),
                StateNames.ParseRacePhase(reader.GetString(4)),
                NullableString(reader, 5),
                NullableTime(reader, 6),
                reader.GetInt32(7),
                NullableString(reader, 8),
                NullableTime(reader, 9),
                new RaceTimings(NullableTime(reader, 10), NullableTime(reader, 11), NullableTime(reader, 12), NullableTime(reader, 13)),
                new RowOutcomeCounts(
                    reader.GetInt32(14), reader.GetInt32(15), reader.GetInt32(16), reader.GetInt32(17), reader.GetInt32(18), reader.GetInt32(19)),
                NullableString(reader, 20),
                [],
                reader.GetInt64(21)));
        }

        return races;
    }

    private async Task<ILookup<string, RaceError>> ReadErrorsAsync(
        string where, (string Name, object Value) first, CancellationToken ct, params (string Name, object Value)[] more)
    {
        await using var command = dataSource.CreateCommand(
            $"SELECT race_id, occurred_at, attempt, silo_id, phase, message FROM race_grain_errors WHERE {where} ORDER BY occurred_at, id");
        foreach (var (name, value) in more.Prepend(first))
        {
            command.Parameters.AddWithValue(name, value);
        }

        var errors = new List<(string RaceId, RaceError Error)>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            errors.Add((reader.GetString(0), new RaceError(
                reader.GetFieldValue<DateTimeOffset>(1), reader.GetInt32(2), reader.GetString(3), reader.GetString(4), reader.GetString(5))));
        }

        return errors.ToLookup(e => e.RaceId, e => e.Error);
    }

    private static string? NullableString(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static DateTimeOffset? NullableTime(NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<DateTimeOffset>(ordinal);
}
