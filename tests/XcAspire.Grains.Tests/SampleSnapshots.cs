using Npgsql;
using XcAspire.Silo.Grains.Contracts;
using XcAspire.Silo.MeetData;
using XcAspire.Silo.Staging;

namespace XcAspire.Grains.Tests;

internal static class SampleSnapshots
{
    public static MeetSnapshot OneRace(string meetId, string raceId, int rows) =>
        new(
            new MeetRecord(meetId, "Test Invitational", new DateOnly(2025, 10, 4), 2025, "Test Park", null),
            new VenueRecord("Test Park", "Springfield", "OR"),
            [],
            [new RaceRecord(raceId, "Mens 5,000 Meters Varsity", "M", 5000, "varsity", null)],
            [],
            Enumerable.Range(1, rows).Select(i => new ResultRecord(
                new SourceRow("results.csv", i + 1), raceId, $"Runner {i}", null, null, null, "Test High", null, null, 11,
                (16 * 60 * 100) + i, FinishStatus.Finished, i, null, false)).ToList(),
            [],
            []);

    /// <summary>Stages a snapshot's rows and starts a job over them, as the API does for a folder.</summary>
    public static async Task<JobStarted> StartStagedAsync(IGrainFactory grains, NpgsqlDataSource dataSource, MeetSnapshot snapshot)
    {
        var jobId = Guid.NewGuid();
        await using (var connection = await dataSource.OpenConnectionAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await StagedRows.SaveSnapshotAsync(connection, transaction, jobId, snapshot, default);
            await transaction.CommitAsync();
        }

        var races = snapshot.Races.Select(r => new RaceToRun(r.AthleticNetRaceId, r.Title, snapshot.Results.Count(x => x.AthleticNetRaceId == r.AthleticNetRaceId))).ToList();
        return await grains.GetMeetGrain(snapshot.Meet.AthleticNetMeetId).StartStagedImportAsync(new StagedImportRequest(jobId, races, $"meet_{snapshot.Meet.AthleticNetMeetId}", 0));
    }
}
