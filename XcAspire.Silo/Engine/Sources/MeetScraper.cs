using Microsoft.Extensions.Options;
using XcAspire.Silo.MeetData;
using XcAspire.Silo.Sources.AthleticNet;
using XcAspire.Silo.Sources.Storage;

namespace XcAspire.Silo.Sources;

/// <summary>
/// A meet from Athletic.net, the way the grains need it: metadata for the wizard, one whole-meet
/// results call per job stored in PostgreSQL, and each race read from that stored response (falling back
/// to GetResultsData3 for a race the whole-meet answer lacks). Every response a job fetched is stored, so
/// a retry, a crash or another silo never fetches it again.
/// </summary>
public sealed class MeetScraper(AthleticNetClient client, SourceResponseStore store, IOptions<SourceOptions> options)
{
    private const int RacesAtOnce = 2;

    private readonly ParsedResponseCache<IReadOnlyDictionary<string, RaceResultSet>> _parsed = new();
    private readonly ParsedResponseCache<MeetDataResponse> _meetData = new();

    /// <summary>GetMeetData, read. Nothing is stored: no job exists yet. A meet without races is an error.</summary>
    public async Task<MeetMetadata> FetchMetadataAsync(string meetId, CancellationToken ct)
    {
        var body = await client.GetMeetDataAsync(meetId, ct);
        return RequireRaces(MeetDataReader.Read(meetId, body, client.AbsoluteUrl(AthleticNetPaths.MeetData(meetId))).Metadata);
    }

    /// <summary>
    /// The MeetGrain's call: GetMeetData and the one GetAllResultsData for the job, both stored (reused
    /// when already stored). Returns the metadata the job's races are made from.
    /// </summary>
    public async Task<MeetMetadata> FetchMeetAsync(string meetId, Guid jobId, CancellationToken ct)
    {
        var meetData = await LoadMeetDataAsync(meetId, jobId, ct);
        var url = client.AbsoluteUrl(AthleticNetPaths.AllResults(meetId));
        if (await store.FindAsync(jobId, url, string.Empty, ct) is null)
        {
            var body = await WithFreshTokenOnRejectAsync(meetId, jobId, token => client.GetAllResultsDataAsync(meetId, token, ct), meetData, ct);
            // Read as it is stored: a body in a shape we cannot read must fail now, not in every race, and is not kept.
            _parsed.Set(jobId, url, await store.SaveReadableAsync(jobId, url, string.Empty, body, () => ResultsReader.ReadWholeMeet(body, url), ct));
        }

        return meetData.Metadata;
    }

    /// <summary>
    /// One race's rows: from the job's stored whole-meet response, else (the race missing there) from
    /// GetResultsData3 for this race, stored in turn.
    /// </summary>
    public async Task<RaceRows> ReadRaceAsync(string meetId, string raceId, Guid jobId, CancellationToken ct)
    {
        var meetData = await LoadMeetDataAsync(meetId, jobId, ct);
        var race = meetData.Metadata.Races.FirstOrDefault(r => r.AthleticNetRaceId == raceId)
            ?? throw new SourceException(
                $"Race {raceId} is not among meet {meetId}'s races at the source; it may have been removed. Fetch the meet's metadata again.",
                isTransient: false);

        var allUrl = client.AbsoluteUrl(AthleticNetPaths.AllResults(meetId));
        var wholeMeet = await ReadStoredWholeMeetAsync(jobId, allUrl, ct);
        if (wholeMeet is not null && wholeMeet.TryGetValue(raceId, out var set) && set.Results.Count + set.Rejected.Count > 0)
        {
            return ToRows(race, set, RaceRowsOrigin.WholeMeet);
        }

        var url = client.AbsoluteUrl(AthleticNetPaths.ResultsData3);
        var requestBody = AthleticNetPaths.ResultsData3Body(raceId);
        if (await store.FindAsync(jobId, url, requestBody, ct) is { } stored)
        {
            return ToRows(race, ResultsReader.ReadRace(raceId, stored, url), RaceRowsOrigin.PerRace);
        }

        var body = await WithFreshTokenOnRejectAsync(meetId, jobId, token => client.GetResultsData3Async(raceId, token, ct), meetData, ct);
        var parsed = await store.SaveReadableAsync(jobId, url, requestBody, body, () => ResultsReader.ReadRace(raceId, body, url), ct);
        return ToRows(race, parsed, RaceRowsOrigin.PerRace);
    }

    /// <summary>A whole meet in one go (tools, tests, the benchmark), within the configured scrape timeout.</summary>
    public async Task<MeetSnapshot> ScrapeMeetAsync(string meetId, Guid jobId, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(options.Value.ScrapeTimeout);
        try
        {
            var metadata = await FetchMeetAsync(meetId, jobId, timeout.Token);
            var races = new RaceRows[metadata.Races.Count];
            // Two races at a time, as a silo runs several: the host gate still sends one request at a time, spaced,
            // but one race's answer is read and stored while the next race waits its turn at the gate.
            await Parallel.ForEachAsync(
                Enumerable.Range(0, races.Length),
                new ParallelOptions { MaxDegreeOfParallelism = RacesAtOnce, CancellationToken = timeout.Token },
                async (i, raceCt) => races[i] = await ReadRaceAsync(meetId, metadata.Races[i].AthleticNetRaceId, jobId, raceCt));

            // Rows of the legacy shape that named no race belong to no race, but are not lost.
            var wholeMeet = await ReadStoredWholeMeetAsync(jobId, client.AbsoluteUrl(AthleticNetPaths.AllResults(meetId)), timeout.Token);
            var orphans = wholeMeet is not null && wholeMeet.TryGetValue(string.Empty, out var set) ? set.Rejected : [];
            return MeetSnapshotAssembler.Assemble(metadata, races, orphans);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new SourceUnavailableException(
                $"Scraping meet {meetId} took longer than {options.Value.ScrapeTimeout.TotalMinutes:F0} min (Source:ScrapeTimeout); " +
                "the stored responses are kept, so a retry continues where this stopped.");
        }
    }

    private static MeetMetadata RequireRaces(MeetMetadata metadata) =>
        metadata.Races.Count > 0 ? metadata : throw new NoRacesFoundException(metadata.Meet.AthleticNetMeetId, metadata.Meet.Name);

    private static MeetDataResponse ReadMeetData(string meetId, string body, string url)
    {
        var read = MeetDataReader.Read(meetId, body, url);
        RequireRaces(read.Metadata);
        return read;
    }

    private async Task<MeetDataResponse> LoadMeetDataAsync(string meetId, Guid jobId, CancellationToken ct)
    {
        var url = client.AbsoluteUrl(AthleticNetPaths.MeetData(meetId));
        if (_meetData.Get(jobId, url) is { } cached)
        {
            return cached;
        }

        if (await store.FindAsync(jobId, url, string.Empty, ct) is { } stored)
        {
            var read = ReadMeetData(meetId, stored, url);
            _meetData.Set(jobId, url, read);
            return read;
        }

        var body = await client.GetMeetDataAsync(meetId, ct);
        var fetched = await store.SaveReadableAsync(jobId, url, string.Empty, body, () => ReadMeetData(meetId, body, url), ct);
        _meetData.Set(jobId, url, fetched);
        return fetched;
    }

    private async Task<string> WithFreshTokenOnRejectAsync(
        string meetId, Guid jobId, Func<string, Task<string>> call, MeetDataResponse meetData, CancellationToken ct)
    {
        var token = meetData.Token ?? throw new SourceResponseInvalidException(
            client.AbsoluteUrl(AthleticNetPaths.MeetData(meetId)), "it carries no jwtMeet token, which the results calls need");
        try
        {
            return await call(token);
        }
        catch (SourceTokenRejectedException)
        {
            // The stored token is stale: forget it so the next attempt (this race's retry) gets a new one.
            var url = client.AbsoluteUrl(AthleticNetPaths.MeetData(meetId));
            _meetData.Forget(jobId, url);
            await store.ForgetAsync(jobId, url, ct);
            throw;
        }
    }

    private async Task<IReadOnlyDictionary<string, RaceResultSet>?> ReadStoredWholeMeetAsync(Guid jobId, string url, CancellationToken ct)
    {
        if (_parsed.Get(jobId, url) is { } cached)
        {
            return cached;
        }

        if (await store.FindAsync(jobId, url, string.Empty, ct) is not { } body)
        {
            return null;
        }

        var parsed = ResultsReader.ReadWholeMeet(body, url);
        _parsed.Set(jobId, url, parsed);
        return parsed;
    }

    private static RaceRows ToRows(RaceRecord race, RaceResultSet set, RaceRowsOrigin origin)
    {
        var warnings = set.UnrecognisedFields.Count == 0
            ? (IReadOnlyList<string>)[]
            : [$"Race {race.AthleticNetRaceId}: unrecognised result fields {string.Join(", ", set.UnrecognisedFields.Order(StringComparer.Ordinal))}"];
        return new RaceRows(race, set.Results, set.Rejected, warnings, origin);
    }
}
