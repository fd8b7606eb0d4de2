using XcAspire.Silo.Sources.AthleticNet;
using XcAspire.Silo.Sources.Storage;

namespace XcAspire.Silo.Sources;

/// <summary>A school's season as its calendar lists it.</summary>
public sealed record SchoolSeason(string SchoolId, int SeasonYear, string? TeamName, IReadOnlyList<CalendarMeet> Meets, IReadOnlyList<string> Warnings)
{
    /// <summary>
    /// The most meets a season may list. A school runs a dozen or two meets a season; a calendar of
    /// hundreds is an association's or a club's, and as one season job it would hold the silos for hours.
    /// </summary>
    public const int MaxMeets = 100;
}

/// <summary>
/// Lists a school's meets of one season from the source: GetTeamCore (for <c>jwtTeamHome</c>), then
/// GetCalendar with that token. The calls go through the same client as every other (politeness,
/// size cap, challenge detection). A season job's calls are stored under its id, so a discovery that
/// resumes on another silo asks the source nothing twice.
/// </summary>
public sealed class SeasonDiscovery(AthleticNetClient client, SourceResponseStore store)
{
    /// <summary>A page of the source's site (a school's season page), as a person opens it.</summary>
    public string PageUrl(string path) => client.AbsoluteUrl(path);

    /// <param name="seasonJobId">The season job whose responses are stored and reused; null (a preview) stores nothing.</param>
    public async Task<SchoolSeason> DiscoverAsync(string schoolId, int seasonYear, Guid? seasonJobId, CancellationToken ct)
    {
        var coreUrl = client.AbsoluteUrl(AthleticNetPaths.TeamCore(schoolId, seasonYear));
        var core = await LoadAsync(
            seasonJobId, coreUrl, () => client.GetTeamCoreAsync(schoolId, seasonYear, ct),
            body => TeamCalendarReader.ReadTeamCore(schoolId, seasonYear, body, coreUrl), ct);

        var calendarUrl = client.AbsoluteUrl(AthleticNetPaths.Calendar(seasonYear));
        var warnings = new List<string>();
        IReadOnlyList<CalendarMeet> meets;
        try
        {
            meets = await LoadAsync(
                seasonJobId, calendarUrl, () => client.GetCalendarAsync(seasonYear, core.Token, ct),
                body => TeamCalendarReader.ReadCalendar(body, calendarUrl, warnings), ct);
        }
        catch (SourceTokenRejectedException) when (seasonJobId is { } id)
        {
            // The stored token is stale: the next attempt fetches a new one.
            await store.ForgetAsync(id, coreUrl, ct);
            throw;
        }

        if (meets.Count == 0)
        {
            throw new TeamNotFoundException(schoolId, seasonYear, "its calendar for the year lists no meet");
        }

        if (meets.Count > SchoolSeason.MaxMeets)
        {
            throw new CalendarTooLongException(schoolId, seasonYear, meets.Count, SchoolSeason.MaxMeets);
        }

        return new SchoolSeason(schoolId, seasonYear, core.TeamName, meets, warnings);
    }

    /// <summary>The stored response when the job has one, else the source's, read (and stored only when it reads).</summary>
    private async Task<T> LoadAsync<T>(Guid? jobId, string url, Func<Task<string>> fetch, Func<string, T> read, CancellationToken ct)
    {
        if (jobId is not { } id)
        {
            return read(await fetch());
        }

        if (await store.FindAsync(id, url, string.Empty, ct) is { } stored)
        {
            return read(stored);
        }

        var body = await fetch();
        return await store.SaveReadableAsync(id, url, string.Empty, body, () => read(body), ct);
    }
}
