using Npgsql;
using XcAspire.Silo.Grains.Contracts;
using XcAspire.Silo.Grains.Storage;
using XcAspire.Silo.MeetData;

namespace XcAspire.Silo.Grains;

/// <summary>Grain references backed by the durable state in PostgreSQL.</summary>
public sealed class DbGrainFactory(NpgsqlDataSource dataSource) : IGrainFactory
{
    private readonly JobStore _jobs = new(dataSource);
    private readonly GrainQueries _queries = new(dataSource);

    public IMeetGrain GetMeetGrain(string meetId) => new MeetGrain(RequireDigits(meetId, "meet"), _jobs, _queries);

    public IRaceGrain GetRaceGrain(string meetId, string raceId) =>
        new RaceGrain(RequireDigits(meetId, "meet"), RequireDigits(raceId, "race"), _queries);

    private static string RequireDigits(string id, string what) =>
        !string.IsNullOrEmpty(id) && id.Length <= 18 && id.All(char.IsAsciiDigit)
            ? id
            : throw new ArgumentException($"A {what} id is the Athletic.net number (digits only), not '{id}'.", nameof(id));

    private sealed class MeetGrain(string meetId, JobStore jobs, GrainQueries queries) : IMeetGrain
    {
        public string MeetId => meetId;

        public Task<JobStarted> StartScrapeAsync(StartScrapeRequest request, CancellationToken ct = default) =>
            jobs.StartScrapeAsync(meetId, request, ct);

        public Task<JobStarted> StartImportOfSnapshotAsync(MeetSnapshot snapshot, string? directoryPath, CancellationToken ct = default) =>
            snapshot.Meet.AthleticNetMeetId == meetId
                ? jobs.StartImportOfSnapshotAsync(snapshot, directoryPath, ct)
                : throw new ArgumentException($"The rows are for meet {snapshot.Meet.AthleticNetMeetId}, not meet {meetId}.", nameof(snapshot));

        public Task<JobStarted> StartImportAsync(Guid jobId, CancellationToken ct = default) => jobs.StartImportAsync(meetId, jobId, ct);

        public Task<JobStarted> CancelAsync(Guid jobId, CancellationToken ct = default) => jobs.CancelAsync(meetId, jobId, ct);

        public Task<int> RetryFailedAsync(Guid jobId, CancellationToken ct = default) => jobs.RetryFailedAsync(meetId, jobId, ct);

        public Task<MeetGrainState?> GetStateAsync(CancellationToken ct = default) => queries.GetMeetAsync(meetId, ct);

        public async Task<IReadOnlyList<RaceGrainState>> GetRacesAsync(CancellationToken ct = default) =>
            await GetStateAsync(ct) is { } state ? await queries.GetRacesAsync(state.JobId, ct) : [];
    }

    private sealed class RaceGrain(string meetId, string raceId, GrainQueries queries) : IRaceGrain
    {
        public string MeetId => meetId;

        public string RaceId => raceId;

        public Task<RaceGrainState?> GetStateAsync(CancellationToken ct = default) => queries.GetRaceAsync(meetId, raceId, ct);
    }
}
