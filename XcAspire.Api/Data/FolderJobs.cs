using Npgsql;
using XcAspire.Silo.Grains.Contracts;
using XcAspire.Silo.MeetData;
using XcAspire.Silo.Staging;

namespace XcAspire.Api.Data;

/// <summary>
/// Starts a job over rows read here (a meet folder): the rows are staged in PostgreSQL under a new job
/// id, so no grain message carries them, then the meet's grain is asked to start the job. A refused
/// job (the meet has an active one) takes its staged rows with it.
/// </summary>
public sealed class FolderJobs(NpgsqlDataSource dataSource, IGrainFactory grains)
{
    public async Task<JobStarted> StartAsync(MeetSnapshot snapshot, string directoryPath, CancellationToken ct)
    {
        var meet = grains.GetMeetGrain(snapshot.Meet.AthleticNetMeetId);
        var jobId = Guid.NewGuid();
        await StageAsync(jobId, snapshot, ct);
        var rowsPerRace = snapshot.Results.Select(r => r.AthleticNetRaceId)
            .Concat(snapshot.Rejected.Where(r => r.AthleticNetRaceId is not null).Select(r => r.AthleticNetRaceId!))
            .CountBy(id => id)
            .ToDictionary(c => c.Key, c => c.Value);
        var races = snapshot.Races.Select(r => new RaceToRun(r.AthleticNetRaceId, r.Title, rowsPerRace.GetValueOrDefault(r.AthleticNetRaceId))).ToList();
        try
        {
            return await meet.StartStagedImportAsync(new StagedImportRequest(
                jobId, races, directoryPath, snapshot.Rejected.Count(r => r.AthleticNetRaceId is null)));
        }
        catch
        {
            await UnstageAsync(jobId);
            throw;
        }
    }

    private async Task StageAsync(Guid jobId, MeetSnapshot snapshot, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await StagedRows.SaveSnapshotAsync(connection, transaction, jobId, snapshot, ct);
        await transaction.CommitAsync(ct);
    }

    private async Task UnstageAsync(Guid jobId)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand("DELETE FROM job_race_rows WHERE job_id = @job") { Parameters = { new("job", jobId) } },
                new NpgsqlBatchCommand("DELETE FROM job_meet_data WHERE job_id = @job") { Parameters = { new("job", jobId) } },
            },
        };
        await batch.ExecuteNonQueryAsync();
    }
}
