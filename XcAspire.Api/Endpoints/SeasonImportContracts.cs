using System.ComponentModel;
using System.Text.Json.Serialization;
using XcAspire.Silo.Grains.Contracts;

namespace XcAspire.Api.Endpoints;

/// <summary>A school's season: the school's Athletic.net id and the season's year, each a number or a string of digits.</summary>
public sealed record SeasonPreviewRequest(
    [property: JsonNumberHandling(JsonNumberHandling.AllowReadingFromString), Description("The school's Athletic.net id (the number in athletic.net/team/<id>/cross-country/<year>).")]
    long? SchoolId,
    [property: JsonNumberHandling(JsonNumberHandling.AllowReadingFromString), Description("The season's year (fall), 1990 to next year.")]
    int? SeasonYear);

public sealed record ImportSeasonRequest(
    [property: JsonNumberHandling(JsonNumberHandling.AllowReadingFromString), Description("The school's Athletic.net id.")]
    long? SchoolId,
    [property: JsonNumberHandling(JsonNumberHandling.AllowReadingFromString), Description("The season's year (fall), 1990 to next year.")]
    int? SeasonYear,
    [property: Description("Only these meets of the calendar (Athletic.net meet ids); default every meet with results.")]
    IReadOnlyList<string>? MeetIds,
    [property: Description("Import meets the database already holds with results again (default false: they are skipped).")]
    bool? Reimport);

/// <summary>One meet of the calendar, and what a season import would do with it now.</summary>
public sealed record SeasonPreviewMeet(
    string MeetId,
    string Name,
    DateOnly? Date,
    bool HasResults,
    [property: Description("No results yet and dated after today.")] bool Upcoming,
    [property: Description("The database holds this meet with results.")] bool AlreadyImported,
    [property: Description("The meet's active import job, which a season import joins instead of starting another.")] Guid? ActiveJobId,
    [property: Description("import, join_active_job, skip_already_imported (unless reimport), skip_no_results or skip_upcoming.")] string Plan);

public sealed record SeasonPreviewResponse(
    string SchoolId,
    int SeasonYear,
    string? TeamName,
    [property: Description("The school's season page on Athletic.net.")] string TeamUrl,
    IReadOnlyList<SeasonPreviewMeet> Meets,
    [property: Description("The most meets a season's calendar may list.")] int MaxMeets,
    IReadOnlyList<string> Warnings);

/// <summary>The answer to import-season (202): the season job, and where to follow it.</summary>
public sealed record SeasonJobAccepted(Guid SeasonJobId, string Status, string SchoolId, int SeasonYear, string StatusUrl, string StreamUrl);

public sealed record SeasonTimings(DateTimeOffset CreatedAt, DateTimeOffset? DiscoveredAt, DateTimeOffset? FinishedAt);

/// <summary>One meet of a season job: its state in the season and its own import job's progress.</summary>
public sealed record SeasonMeetStatus(
    string MeetId,
    string Name,
    DateOnly? Date,
    bool HasResults,
    [property: Description(SeasonStatusResponse.MeetStates)] string State,
    Guid? JobId,
    [property: Description("The job was the meet's own, already running, which the season joined.")] bool Attached,
    [property: Description("The meet job's status (the seed's names).")] string? JobStatus,
    RacePhaseCounts? Races,
    ResultOutcomeCounts? Results,
    string? Message);

/// <summary>A season job's state: what the UI polls and the stream sends.</summary>
public sealed record SeasonStatusResponse(
    Guid SeasonJobId,
    string SchoolId,
    int SeasonYear,
    string? TeamName,
    [property: Description("discovering, running, complete, completed_with_errors, cancelled, or error (the season could not be listed).")] string Status,
    string? Message,
    string? LastError,
    bool Reimport,
    IReadOnlyList<string>? MeetIds,
    [property: Description("How many meets are in each state.")] IReadOnlyDictionary<string, int> MeetsByState,
    [property: Description("The rows of every meet's job together; the four outcomes add up to read.")] ResultOutcomeCounts Results,
    [property: Description("Why each meet that should have been imported was not.")] IReadOnlyList<string> Errors,
    IReadOnlyList<SeasonMeetStatus> Meets,
    IReadOnlyList<string> Warnings,
    SeasonTimings Timings,
    long Version)
{
    public const string MeetStates =
        "pending, starting, running, imported (its job ended importing_complete); skipped: already_imported, no_results, upcoming, " +
        "not_selected; failed or not_on_calendar (errors); cancelled.";

    public static SeasonStatusResponse From(SeasonJobState season) => new(
        season.SeasonJobId,
        season.SchoolId,
        season.SeasonYear,
        season.TeamName,
        season.Status.Name(),
        season.Message,
        season.LastError,
        season.Reimport,
        season.MeetIds,
        Enum.GetValues<SeasonMeetPhase>().ToDictionary(p => p.Name(), p => season.Meets.Count(m => m.Phase == p)),
        Counts(season.Results),
        season.Meets.Where(m => m.Phase.IsError()).Select(m => $"Meet {m.MeetId} ({m.Name}): {m.Message}")
            .Prepend(season.Status == SeasonStatus.Error ? season.LastError : null).OfType<string>().ToList(),
        season.Meets.Select(m => new SeasonMeetStatus(
            m.MeetId, m.Name, m.Date, m.HasResults, m.Phase.Name(), m.JobId, m.Attached, m.JobStatus?.Name(),
            m.Races is { } r ? new RacePhaseCounts(r.Pending, r.Scraping, r.Scraped, r.Importing, r.Imported, r.Failed, r.Cancelled) : null,
            m.Results is { } rows ? Counts(rows) : null,
            m.Message)).ToList(),
        season.Warnings,
        new SeasonTimings(season.CreatedAt, season.DiscoveredAt, season.FinishedAt),
        season.Version);

    private static ResultOutcomeCounts Counts(RowOutcomeCounts c) => new(c.Read, c.Inserted, c.AlreadyPresent, c.Updated, c.Rejected, c.Flagged);
}
