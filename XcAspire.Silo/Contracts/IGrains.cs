using Orleans.Concurrency;

namespace XcAspire.Silo.Grains.Contracts;

/// <summary>
/// The grain of one meet (key: the Athletic.net meet id). It owns the meet's jobs: it hands each race of
/// a job to its RaceGrain, keeps their summaries, and runs the meet-level step once when the last ends.
/// Calls that start work return once the job is stored; the work runs in grain timers.
/// </summary>
[Alias("xc.IMeetGrain")]
public interface IMeetGrain : IGrainWithStringKey
{
    /// <summary>Starts a scrape job. Throws <see cref="ActiveJobConflictException"/> when one is active.</summary>
    [Alias("StartScrape")]
    Task<JobStarted> StartScrapeAsync(StartScrapeRequest request);

    /// <summary>Starts a job over rows already staged under the request's job id: every race is due for import.</summary>
    [Alias("StartStagedImport")]
    Task<JobStarted> StartStagedImportAsync(StagedImportRequest request);

    /// <summary>Imports what a scrape job scraped (and whatever it still scrapes, as it lands).</summary>
    [Alias("StartImport")]
    Task<JobStarted> StartImportAsync(Guid jobId);

    /// <summary>Cancels the job; races running now stop at their next step boundary.</summary>
    [Alias("Cancel")]
    Task<JobStarted> CancelAsync(Guid jobId);

    /// <summary>Puts the job's failed races back to their last good phase; returns how many.</summary>
    [Alias("RetryFailed")]
    Task<int> RetryFailedAsync(Guid jobId);

    /// <summary>The current job (the active one, else the latest), or null when the meet never had a job.</summary>
    [AlwaysInterleave, Alias("GetState")]
    Task<MeetGrainState?> GetStateAsync();

    /// <summary>One job of this meet, or null when the grain keeps no such job.</summary>
    [AlwaysInterleave, Alias("GetJob")]
    Task<MeetGrainState?> GetJobAsync(Guid jobId);

    /// <summary>Every race of the job (default: the current one), each as its RaceGrain holds it.</summary>
    [AlwaysInterleave, Alias("GetRaces")]
    Task<IReadOnlyList<RaceGrainState>> GetRacesAsync(Guid? jobId = null);

    /// <summary>A RaceGrain reports a change of one of this meet's races.</summary>
    [AlwaysInterleave, Alias("RaceChanged")]
    Task RaceChangedAsync(Guid jobId, RaceSummary race);
}

/// <summary>The grain of one race (key: <c>meetId/raceId</c>, see <see cref="GrainKeys"/>).</summary>
[Alias("xc.IRaceGrain")]
public interface IRaceGrain : IGrainWithStringKey
{
    /// <summary>Makes the race part of a job and starts its first step; a second call for the same job changes nothing.</summary>
    [Alias("Assign")]
    Task<RaceSummary> AssignAsync(RaceAssignment assignment);

    /// <summary>Import once scraped (now, if it is).</summary>
    [AlwaysInterleave, Alias("Import")]
    Task<RaceSummary?> ImportAsync(Guid jobId);

    [AlwaysInterleave, Alias("Cancel")]
    Task<RaceSummary?> CancelAsync(Guid jobId);

    /// <summary>A failed race goes back to its last good phase; false when it had not failed.</summary>
    [AlwaysInterleave, Alias("Retry")]
    Task<bool> RetryAsync(Guid jobId);

    /// <summary>Activates the grain (on a live silo) so unfinished work resumes, and answers its summary.</summary>
    [AlwaysInterleave, Alias("Resume")]
    Task<RaceSummary?> ResumeAsync(Guid jobId);

    [AlwaysInterleave, Alias("GetState")]
    Task<RaceGrainState?> GetStateAsync();
}

/// <summary>Grain keys: a meet id is its Athletic.net number; a race grain's key is <c>meetId/raceId</c>.</summary>
public static class GrainKeys
{
    public static string Race(string meetId, string raceId) => $"{meetId}/{raceId}";

    public static (string MeetId, string RaceId) ParseRace(string key)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 ? (key[..slash], key[(slash + 1)..]) : throw new ArgumentException($"'{key}' is not a race grain key (meetId/raceId).", nameof(key));
    }

    /// <summary>A season grain's key: the school's Athletic.net id and the season's year.</summary>
    public static string Season(string schoolId, int seasonYear) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{RequireDigits(schoolId, "school")}/{seasonYear}");

    public static (string SchoolId, int SeasonYear) ParseSeason(string key)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 && int.TryParse(key[(slash + 1)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var year)
            ? (key[..slash], year)
            : throw new ArgumentException($"'{key}' is not a season grain key (schoolId/year).", nameof(key));
    }

    /// <summary>An Athletic.net id: digits only, at most 18 (they fit a bigint).</summary>
    public static string RequireDigits(string id, string what) =>
        !string.IsNullOrEmpty(id) && id.Length <= 18 && id.All(char.IsAsciiDigit)
            ? id
            : throw new ArgumentException($"A {what} id is the Athletic.net number (digits only), not '{id}'.", nameof(id));
}

public static class GrainFactoryExtensions
{
    public static IMeetGrain GetMeetGrain(this IGrainFactory grains, string meetId) =>
        grains.GetGrain<IMeetGrain>(GrainKeys.RequireDigits(meetId, "meet"));

    public static ISeasonGrain GetSeasonGrain(this IGrainFactory grains, string schoolId, int seasonYear) =>
        grains.GetGrain<ISeasonGrain>(GrainKeys.Season(schoolId, seasonYear));

    public static IRaceGrain GetRaceGrain(this IGrainFactory grains, string meetId, string raceId) =>
        grains.GetGrain<IRaceGrain>(GrainKeys.Race(GrainKeys.RequireDigits(meetId, "meet"), GrainKeys.RequireDigits(raceId, "race")));
}
