using Npgsql;
using XcAspire.Silo.Grains.Contracts;

namespace XcAspire.Silo.Grains;

/// <summary>
/// Jobs from before the grains ran on Orleans (<c>import_jobs.runtime = 'leases'</c>): a MeetGrain or
/// RaceGrain with no stored state carries them in from the tables once, so their history shows and an
/// operator can retry the races the upgrade interrupted (migration 0011 marked those failed).
/// </summary>
public sealed class EarlierJobs(NpgsqlDataSource dataSource)
{
    private const string Jobs = """
        SELECT id, kind, status, auto_import, directory_path, message, last_error, unassigned_rejected, meet_step, meet_step_runs,
               created_at, scraping_started_at, scraping_finished_at, importing_started_at, importing_finished_at, finished_at, version,
               races_total, races_pending, races_scraping, races_scraped, races_importing, races_imported, races_failed, races_cancelled,
               rows_read, rows_inserted, rows_already_present, rows_updated, rows_rejected, rows_flagged
        FROM import_jobs WHERE meet_id = @meet AND runtime = 'leases' ORDER BY created_at
        """;

    private const string Races = """
        SELECT r.job_id, r.race_id, r.title, r.phase, r.next_step, r.attempt, r.silo,
               r.scrape_started_at, r.scrape_finished_at, r.import_started_at, r.import_finished_at,
               r.rows_read, r.rows_inserted, r.rows_already_present, r.rows_updated, r.rows_rejected, r.rows_flagged, r.last_error, r.version
        FROM race_grains r JOIN import_jobs j ON j.id = r.job_id
        WHERE r.meet_id = @meet AND j.runtime = 'leases' AND (@race::text IS NULL OR r.race_id = @race)
        ORDER BY r.race_id
        """;

    private const string Errors = """
        SELECT occurred_at, attempt, silo_id, phase, message FROM race_grain_errors
        WHERE job_id = @job AND race_id = @race ORDER BY occurred_at, id
        """;

    /// <summary>The meet's earlier jobs, oldest first, each with the races whose latest job it was.</summary>
    public async Task<List<JobGrainRecord>> ForMeetAsync(string meetId, CancellationToken ct)
    {
        var jobs = new List<JobGrainRecord>();
        await using (var command = dataSource.CreateCommand(Jobs))
        {
            command.Parameters.AddWithValue("meet", meetId);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                jobs.Add(ReadJob(reader));
            }
        }

        var races = await RacesAsync(meetId, null, ct);
        foreach (var job in jobs)
        {
            job.Races = races.Where(r => r.JobId == job.JobId).Select(r => r.Summary).ToList();
            job.Dispatched = [.. job.Races.Select(r => r.RaceId)];
            if (job.Races.Count == job.ArchivedRaces?.Total)
            {
                // Every race's row is still this job's: the job is whole (and can be retried).
                job.ArchivedRaces = null;
                job.ArchivedResults = null;
            }
        }

        return jobs;
    }

    /// <summary>The race's state from its earlier job, or null when it has none.</summary>
    public async Task<RaceGrainRecord?> ForRaceAsync(string meetId, string raceId, CancellationToken ct)
    {
        var found = (await RacesAsync(meetId, raceId, ct)).FirstOrDefault();
        if (found.Summary is not { } race)
        {
            return null;
        }

        var record = new RaceGrainRecord
        {
            JobId = found.JobId,
            Title = race.Title,
            Phase = race.Phase,
            NextStep = race.NextStep,
            Attempt = race.Attempt,
            Silo = race.Silo,
            Timings = race.Timings,
            Rows = race.Rows,
            LastError = race.LastError,
            AutoImport = true,
            Sequence = race.Sequence,
        };
        await using var command = dataSource.CreateCommand(Errors);
        command.Parameters.AddWithValue("job", found.JobId);
        command.Parameters.AddWithValue("race", raceId);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            record.Errors.Add(new RaceError(
                reader.GetFieldValue<DateTimeOffset>(0), reader.GetInt32(1), reader.GetString(2), reader.GetString(3), reader.GetString(4)));
        }

        return record;
    }

    private async Task<List<(Guid JobId, RaceSummary Summary)>> RacesAsync(string meetId, string? raceId, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(Races);
        command.Parameters.AddWithValue("meet", meetId);
        command.Parameters.AddWithValue("race", (object?)raceId ?? DBNull.Value);
        var races = new List<(Guid, RaceSummary)>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            races.Add((reader.GetGuid(0), new RaceSummary(
                reader.GetString(1),
                reader.GetString(2),
                StateNames.ParseRacePhase(reader.GetString(3)),
                reader.IsDBNull(4) ? null : reader.GetString(4) == "scrape" ? RaceStep.Scrape : RaceStep.Import,
                reader.GetInt32(5),
                new RowOutcomeCounts(reader.GetInt32(11), reader.GetInt32(12), reader.GetInt32(13), reader.GetInt32(14), reader.GetInt32(15), reader.GetInt32(16)),
                NullableString(reader, 17),
                NullableString(reader, 6),
                new RaceTimings(NullableTime(reader, 7), NullableTime(reader, 8), NullableTime(reader, 9), NullableTime(reader, 10)),
                reader.GetInt64(18))));
        }

        return races;
    }

    private static JobGrainRecord ReadJob(NpgsqlDataReader reader) => new()
    {
        JobId = reader.GetGuid(0),
        Kind = reader.GetString(1),
        Status = StateNames.ParseJobStatus(reader.GetString(2)),
        AutoImport = reader.GetBoolean(3),
        DirectoryPath = NullableString(reader, 4),
        Message = NullableString(reader, 5),
        LastError = NullableString(reader, 6),
        UnassignedRejected = reader.GetInt32(7),
        MeetStep = StateNames.ParseMeetStep(reader.GetString(8)),
        MeetStepRuns = reader.GetInt32(9),
        CreatedAt = reader.GetFieldValue<DateTimeOffset>(10),
        ScrapingStartedAt = NullableTime(reader, 11),
        ScrapingFinishedAt = NullableTime(reader, 12),
        ImportingStartedAt = NullableTime(reader, 13),
        ImportingFinishedAt = NullableTime(reader, 14),
        FinishedAt = NullableTime(reader, 15),
        Version = reader.GetInt64(16),
        // A later job of the meet took over the race rows of an older one: its counts are what is left of it.
        ArchivedRaces = new RaceCountsByPhase(
            reader.GetInt32(17), reader.GetInt32(18), reader.GetInt32(19), reader.GetInt32(20), reader.GetInt32(21),
            reader.GetInt32(22), reader.GetInt32(23), reader.GetInt32(24)),
        ArchivedResults = new RowOutcomeCounts(
            reader.GetInt32(25), reader.GetInt32(26), reader.GetInt32(27), reader.GetInt32(28), reader.GetInt32(29), reader.GetInt32(30)),
    };

    private static string? NullableString(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static DateTimeOffset? NullableTime(NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<DateTimeOffset>(ordinal);
}
